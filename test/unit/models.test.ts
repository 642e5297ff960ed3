import { AVATAR_MODELS, modelsWith } from '../../nodes/OmniHuman/models';
import { OmniHuman } from '../../nodes/OmniHuman/OmniHuman.node';
import { VIDEO_MODELS } from '../simulator/videoModels';

const { properties } = new OmniHuman().description;
const field = (name: string) => properties.filter((property) => property.name === name);

describe('the model table drives the node', () => {
	test('the Model options are the table, in its order, each saying what it suits', () => {
		const [model] = field('model');
		expect((model.options as Array<{ value: string }>).map((option) => option.value)).toEqual(AVATAR_MODELS.map((entry) => entry.id));
		for (const option of model.options as Array<{ description: string }>) expect(option.description.length).toBeGreaterThan(40);
	});

	test('Prompt shows for the Kling models only, Resolution for the VEED models only', () => {
		expect(field('prompt')[0].displayOptions?.show?.model).toEqual(['klingai/avatar-standard', 'klingai/avatar-pro']);
		expect(field('resolution')[0].displayOptions?.show?.model).toEqual(modelsWith('resolution'));
		expect(modelsWith('resolution')).toEqual(['veed/fabric-1.0', 'veed/fabric-1.0-fast']);
	});

	test('a default Max Wait of at least 10 min for every model, and twice the typical 9 min for Kling Avatar Pro', () => {
		for (const model of AVATAR_MODELS) expect(model.defaultMaxWaitSeconds).toBeGreaterThanOrEqual(600);
		expect(AVATAR_MODELS.find((model) => model.id === 'klingai/avatar-pro')!.defaultMaxWaitSeconds).toBeGreaterThanOrEqual(2 * 9 * 60);
	});

	test('every model of the node is one the simulator (the contract) knows, with the same extra fields', () => {
		for (const model of AVATAR_MODELS) {
			const simulated = VIDEO_MODELS.find((candidate) => candidate.id === model.id);
			expect(simulated?.extraFields).toEqual(model.extraFields);
		}
	});
});

test("Max Wait not set is the model's default; set, it is the user's", async () => {
	const { readOptions } = await import('../../nodes/OmniHuman/helpers/options');
	const run = (options: Record<string, unknown>) => ({ context: { getNodeParameter: () => options }, itemIndex: 0, node: { name: 'OmniHuman' } }) as never;
	expect(readOptions(run({}), 1800).maxWaitSeconds).toBe(1800);
	expect(readOptions(run({ maxWait: 60 }), 1800).maxWaitSeconds).toBe(60);
	expect(readOptions(run({})).maxWaitSeconds).toBe(600);
});
