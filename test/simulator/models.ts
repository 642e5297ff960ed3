/** The simulator's model and voice lists in one place, for node tests to import. */
export * from './speechModels';
export * from './videoModels';
