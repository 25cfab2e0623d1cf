export function startsLikeFormula(v: string): boolean;
export function neutralise(v: string): string;
