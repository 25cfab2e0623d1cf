// A scenario that asserted nothing fails: every Then step attaches evidence, and this hook counts them.
// The Before hook remembers the scenario's tags (policy findings take their rule and severity from them) and rule ids
// (for evidence that has no rule of its own). It is the only Before hook: cucumber runs each hook as a test step
// of every scenario, with its own events.
import { After, Before } from '@cucumber/cucumber';
import type { RoleWorld } from './world.ts';

After(function (this: RoleWorld, { result }) {
  if (result?.status === 'PASSED' && this.assertions === 0) {
    throw new Error('This scenario checked nothing: add a Then step that states what is allowed or denied.');
  }
});

Before(function (this: RoleWorld, { pickle }) {
  this.tags = pickle.tags.map((t) => t.name);
  this.ruleTags = this.tags.map((t) => t.slice(1)).filter((t) => /^[A-Z]+-\d{3}$/.test(t));
});
