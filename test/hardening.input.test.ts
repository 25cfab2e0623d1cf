// Red team, reading input files (src/exports/read-input.ts): symbolic links and devices, the size limit, invalid
// UTF-8 (never merged into U+FFFD), UTF-16 and UTF-32 named as such, NUL bytes, and every problem of every file
// at once even when one file is malformed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  InputFileError,
  InputReader,
  invalidUtf8At,
  MAX_INPUT_ENV,
  maxInputBytes,
  readInputFile,
  wideEncoding,
} from '../src/exports/read-input.ts';
import { checkQueries } from '../src/check/check.ts';
import { ExportError, formatExportProblem } from '../src/exports/load.ts';
import { exportWith, load } from './fixtures/hardening/exports.ts';

const USERS = 'user,business_unit,enabled\nana@fabrikam.com,Sales,true\nben@fabrikam.com,Service,true\n';

afterEach(() => {
  delete process.env[MAX_INPUT_ENV];
});

describe('symbolic links, devices and FIFOs', () => {
  it('a users.csv linked to a credentials file outside the export is refused, and nothing of the file is echoed', async () => {
    const secrets = join(mkdtempSync(join(tmpdir(), 'rolecheck-secret-')), 'credentials');
    writeFileSync(secrets, '[default]\naws_access_key_id=AKIASECRET\naws_secret_access_key=TOPSECRET\n');
    const dir = exportWith();
    rmSync(join(dir, 'users.csv'));
    symlinkSync(secrets, join(dir, 'users.csv'));
    const { errors } = await load(dir);
    expect(errors).toEqual([
      'users.csv: is a symbolic link to a file outside the export folder; it is not read; expected the file itself in the export folder (copy it there instead of linking to it)',
    ]);
    expect(errors.join('\n')).not.toMatch(/SECRET|default/);
  });

  it('a link to a regular file inside the export folder is read', async () => {
    const dir = exportWith({ 'people.csv': USERS });
    rmSync(join(dir, 'users.csv'));
    symlinkSync('people.csv', join(dir, 'users.csv'));
    const { errors, loaded } = await load(dir);
    expect(errors).toEqual([]);
    expect(loaded!.model.compiled.users.map((u) => u.name)).toEqual(['ana@fabrikam.com', 'ben@fabrikam.com']);
  });

  it('a users.csv linked to /dev/zero is refused at once (it used to hang with growing memory)', async () => {
    const dir = exportWith();
    rmSync(join(dir, 'users.csv'));
    symlinkSync('/dev/zero', join(dir, 'users.csv'));
    const { errors } = await load(dir);
    expect(errors).toEqual([
      'users.csv: is a symbolic link to a file outside the export folder; it is not read; expected the file itself in the export folder (copy it there instead of linking to it)',
    ]);
    // Outside an export folder (a queries file the user names), the link is followed, and the device refused.
    const link = join(dir, 'zero.csv');
    symlinkSync('/dev/zero', link);
    await expect(readInputFile(link, { label: 'zero.csv' })).rejects.toThrow(
      'is a symbolic link to a character device, not a regular file; it is not read',
    );
  });

  it('a FIFO is refused without blocking, and so is a folder', async () => {
    const dir = exportWith();
    rmSync(join(dir, 'users.csv'));
    expect(spawnSync('mkfifo', [join(dir, 'users.csv')]).status).toBe(0);
    const { errors } = await load(dir);
    expect(errors).toEqual(['users.csv: is a FIFO (named pipe), not a regular file; it is not read; expected a regular file']);
    await expect(readInputFile(dir, { label: 'dir' })).rejects.toThrow('is a folder, not a regular file');
  });

  it('check refuses a queries file that is a device before reading it', async () => {
    const { loaded } = await load(exportWith());
    const link = join(mkdtempSync(join(tmpdir(), 'rolecheck-q-')), 'q.csv');
    symlinkSync('/dev/zero', link);
    const err = await checkQueries(loaded!.model, link, process.stdout, 'q.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExportError);
    expect((err as ExportError).problems.map(formatExportProblem)).toEqual([
      'q.csv: is a symbolic link to a character device, not a regular file; it is not read; expected a regular file',
    ]);
  });
});

describe('the size limit', () => {
  it('a file over the limit is refused with its size, the limit and how to raise it', async () => {
    process.env[MAX_INPUT_ENV] = '100';
    const dir = exportWith({ 'users.csv': `${USERS}${'cy@fabrikam.com,Sales,true\n'.repeat(3)}` });
    const { errors } = await load(dir);
    expect(errors).toEqual([
      'users.csv: is 166 bytes, over the limit of 100 bytes for one input file; expected a smaller file, or a higher limit in ROLECHECK_MAX_INPUT_BYTES (for example ROLECHECK_MAX_INPUT_BYTES=4G)',
    ]);
  });

  it('reads the override in bytes or with K, M, G; refuses anything else', () => {
    expect(maxInputBytes({})).toBe(2 ** 30);
    expect(maxInputBytes({ [MAX_INPUT_ENV]: '1000' })).toBe(1000);
    expect(maxInputBytes({ [MAX_INPUT_ENV]: '2K' })).toBe(2048);
    expect(maxInputBytes({ [MAX_INPUT_ENV]: '3m' })).toBe(3 * 2 ** 20);
    expect(maxInputBytes({ [MAX_INPUT_ENV]: '4GiB' })).toBe(4 * 2 ** 30);
    expect(() => maxInputBytes({ [MAX_INPUT_ENV]: 'lots' })).toThrow(InputFileError);
  });
});

describe('encodings', () => {
  it('invalid UTF-8 is an error with its line, column and byte offset: mallory\\xFF and mallory\\xFE are not merged into one user', async () => {
    const users = Buffer.concat([
      Buffer.from('user,business_unit,enabled\nmallory'),
      Buffer.from([0xff]),
      Buffer.from('@fabrikam.com,Sales,true\nmallory'),
      Buffer.from([0xfe]),
      Buffer.from('@fabrikam.com,Sales,true\n'),
    ]);
    const { errors } = await load(exportWith({ 'users.csv': users }));
    expect(errors).toEqual([
      'users.csv:2:8: invalid UTF-8 at byte offset 34 (byte 0xFF); nothing after it is read; expected a file saved as UTF-8',
    ]);
    expect(errors.join('')).not.toContain('\uFFFD');
  });

  it.each([
    [
      'UTF-16 little-endian with a byte order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(USERS, 'utf16le')]),
      'UTF-16 (little-endian, with a byte order mark)',
    ],
    ['UTF-16 little-endian without a byte order mark', Buffer.from(USERS, 'utf16le'), 'UTF-16 (little-endian, without a byte order mark)'],
    [
      'UTF-16 big-endian without a byte order mark',
      Buffer.from(USERS, 'utf16le').swap16(),
      'UTF-16 (big-endian, without a byte order mark)',
    ],
    [
      'UTF-32 little-endian',
      Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('u\0\0\0s\0\0\0', 'latin1')]),
      'UTF-32 (little-endian, with a byte order mark)',
    ],
  ])('%s is named (not "missing column u\\0s\\0e\\0r")', async (_, bytes, kind) => {
    const { errors } = await load(exportWith({ 'users.csv': bytes }));
    expect(errors).toEqual([`users.csv:1: the file is ${kind}; save it as UTF-8; expected a file saved as UTF-8`]);
  });

  it('a NUL byte inside a value is an error at its line and column, in a name or in any other column', async () => {
    const { errors } = await load(
      exportWith({
        'users.csv': 'user,business_unit,enabled,note\nana@fabrikam.com,Sales,true,ok\nben\0@fabrikam.com,Service,true,a\0b\n',
      }),
    );
    expect(errors).toEqual([
      'users.csv:3:1: a control character (U+0000) in a name [column user] (got "ben\\x00@fabrikam.com"); expected a name without control characters (C0, DEL, C1) or bidi embedding, override and isolate characters',
      'users.csv:3:4: a NUL byte in a value; expected text without NUL bytes',
    ]);
  });

  it('the reader for other formats (XML, JSON) refuses NUL bytes, invalid UTF-8 and UTF-16 with their positions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecheck-json-'));
    const file = (name: string, content: string | Buffer) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    await expect(readInputFile(file('ok.json', '{"a":"é"}'), { label: 'ok.json' })).resolves.toMatchObject({
      bytes: Buffer.from('{"a":"é"}'),
    });
    const nul = (await readInputFile(file('nul.json', '{\n "a": "x\0"}'), { label: 'nul.json' }).catch(
      (e: unknown) => e,
    )) as InputFileError;
    expect(formatExportProblem(nul.problem)).toBe('nul.json:2:9: a NUL byte (byte offset 10); expected text without NUL bytes');
    const bad = (await readInputFile(file('bad.json', Buffer.from([0x7b, 0x0a, 0xc3, 0x28])), { label: 'bad.json' }).catch(
      (e: unknown) => e,
    )) as InputFileError;
    expect(formatExportProblem(bad.problem)).toBe(
      'bad.json:2:1: invalid UTF-8 at byte offset 2 (byte 0xC3); nothing after it is read; expected a file saved as UTF-8',
    );
  });

  it('a UTF-8 sequence cut between two chunks of the streaming reader is read whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecheck-chunks-'));
    const text = 'x'.repeat((1 << 20) - 1) + 'é€𝄞\n';
    writeFileSync(join(dir, 'big.csv'), text);
    const reader = new InputReader(join(dir, 'big.csv'), { label: 'big.csv' });
    const parts: Buffer[] = [];
    for await (const c of reader.chunks()) parts.push(c);
    expect(Buffer.concat(parts).toString('utf8')).toBe(text);
  });

  it('finds the first invalid UTF-8 byte: overlong forms, surrogates, code points over U+10FFFF, cut sequences', () => {
    expect(invalidUtf8At(Buffer.from('aé€𝄞'))).toBe(-1);
    expect(invalidUtf8At(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(invalidUtf8At(Buffer.from([0x61, 0xe0, 0x80, 0xaf]))).toBe(1);
    expect(invalidUtf8At(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(invalidUtf8At(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(invalidUtf8At(Buffer.from([0x61, 0x62, 0xe2, 0x82]))).toBe(2);
    expect(wideEncoding(Buffer.from('user,business_unit'))).toBeUndefined();
  });
});

describe('every problem at once', () => {
  it("a malformed environment.csv does not hide the problems of the other files, the model's included", async () => {
    const { errors } = await load(
      exportWith({
        'environment.csv': 'name,type,dataverse\n"Fabrikam,Sandbox,true\n',
        'users.csv': 'user,business_unit,enabled\nana@fabrikam.com,Sales,maybe\nben@fabrikam.com,Service,true\n',
        'role-assignments.csv': 'principal,principal_type,role\nana@fabrikam.com,user,Invoice Clerk\nbne@fabrikam.com,user,Invoice Clerc\n',
      }),
    );
    expect(errors).toEqual([
      'environment.csv:2: a quoted value opened on line 2 is never closed (unclosed quote); the rest of the file cannot be read; expected a closing " before the end of the file; write a quote inside a quoted value as ""',
      'users.csv:2:3: not a boolean [column enabled] (got "maybe"); expected true, false, yes, no, 1 or 0',
      'role-assignments.csv:3:1: unknown user [column principal] (got "bne@fabrikam.com"); expected a user defined in the export; did you mean "ben@fabrikam.com"?',
      'role-assignments.csv:3:3: unknown role [column role] (got "Invoice Clerc"); expected a role defined in the export; did you mean "Invoice Clerk"?',
    ]);
  });

  it('a reference to a name that a broken file may have lost is not reported as unknown', async () => {
    const { errors } = await load(
      exportWith({ 'users.csv': 'user,business_unit,enabled\nana@fabrikam.com,Sales,true\n"ben@fabrikam.com,Service,true\n' }),
    );
    expect(errors).toEqual([
      'users.csv:3: a quoted value opened on line 3 is never closed (unclosed quote); the rest of the file cannot be read; expected a closing " before the end of the file; write a quote inside a quoted value as ""',
    ]);
  });
});
