/**
 * The engine harness builds n8n's additional data with jest-mock-extended, which calls `jest.fn`.
 * Outside Jest (the benchmark) the same function comes from jest-mock, Jest's own implementation.
 */
import { ModuleMocker } from 'jest-mock';

const mocker = new ModuleMocker(globalThis);
(globalThis as unknown as { jest: unknown }).jest = { fn: mocker.fn.bind(mocker) };
