/** Small checks shared by the simulator's strict body validation (video create and speech). */

/** Problems for every field of `body` that `allowed` does not list, each naming the field. */
export function unexpectedFields(body: Record<string, unknown>, allowed: readonly string[], owner: string): string[] {
	return Object.keys(body)
		.filter((field) => !allowed.includes(field))
		.map((field) => `property ${field} should not exist (${owner} takes ${allowed.join(', ')})`);
}

export function isHttpUrl(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A problem when `value` is present but not a number within [min, max]. */
export function numberProblem(field: string, value: unknown, min: number, max: number): string[] {
	if (value === undefined) return [];
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) return [`${field} must be a number from ${min} to ${max}`];
	return [];
}

/** A problem when `value` is present but not one of `choices`. */
export function choiceProblem(field: string, value: unknown, choices: readonly unknown[]): string[] {
	if (value === undefined || choices.includes(value)) return [];
	return [`${field} must be one of: ${choices.join(', ')}`];
}

/** A problem when `value` is not a string of `min`..`max` characters (required unless `optional`). */
export function textProblem(field: string, value: unknown, min: number, max: number, optional = false): string[] {
	if (value === undefined && optional) return [];
	if (typeof value !== 'string' || value.length < min || value.length > max) return [`${field} must be a string of ${min} to ${max} characters`];
	return [];
}
