import { chargeOfHeaders, chargeOfUsage, formatUsd } from '../../nodes/OmniHuman/spend/charge';

describe('the charge an answer reports', () => {
	test('from the x-aimlapi headers, in dollars and credits', () => {
		expect(chargeOfHeaders({ 'x-aimlapi-usd-spent': '0.63', 'x-aimlapi-credits-used': '1260000' })).toEqual({ usd: 0.63, credits: 1_260_000 });
		expect(chargeOfHeaders({ 'x-aimlapi-credits-used': '1260000' })).toEqual({ usd: 0.63, credits: 1_260_000 });
		expect(chargeOfHeaders({ 'x-aimlapi-usd-spent': '0' })).toEqual({ usd: 0, credits: 0 });
	});

	test('a negative, empty or unreadable header is no charge: it never lowers what was spent', () => {
		expect(chargeOfHeaders({ 'x-aimlapi-usd-spent': '-2.94' })).toBeUndefined();
		expect(chargeOfHeaders({ 'x-aimlapi-usd-spent': '-2.94', 'x-aimlapi-credits-used': '5880000' })).toEqual({ usd: 2.94, credits: 5_880_000 });
		expect(chargeOfHeaders({ 'x-aimlapi-usd-spent': ' ', 'x-aimlapi-credits-used': 'n/a' })).toBeUndefined();
		expect(chargeOfHeaders({})).toBeUndefined();
	});

	test('from usage: usd_spent, else credits ÷ 2,000,000', () => {
		expect(chargeOfUsage({ credits: 5_880_000 })).toEqual({ usd: 2.94, credits: 5_880_000 });
		expect(chargeOfUsage({ usdSpent: 2.94 })).toEqual({ usd: 2.94, credits: 5_880_000 });
		expect(chargeOfUsage({})).toBeUndefined();
		expect(chargeOfUsage(undefined)).toBeUndefined();
	});

	test('dollars as users read them: cents, or four places under ten cents', () => {
		expect(formatUsd(2.94)).toBe('$2.94');
		expect(formatUsd(0.1)).toBe('$0.10');
		expect(formatUsd(0.0315)).toBe('$0.0315');
		expect(formatUsd(0)).toBe('$0.00');
	});
});
