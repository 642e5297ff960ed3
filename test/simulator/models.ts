/** The simulator's model and voice lists in one place (Lip Sync's speakers too), for node tests to import. */
export * from './speechModels';
export * from './videoModels';
export * from './lipSync';
