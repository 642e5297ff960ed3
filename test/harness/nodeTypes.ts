import type { INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { Merge } from 'n8n-nodes-base/dist/nodes/Merge/Merge.node';
import { ManualTrigger } from 'n8n-nodes-base/dist/nodes/ManualTrigger/ManualTrigger.node';
import { Set as SetNode } from 'n8n-nodes-base/dist/nodes/Set/Set.node';
import { NoOp } from 'n8n-nodes-base/dist/nodes/NoOp/NoOp.node';
import { If } from 'n8n-nodes-base/dist/nodes/If/If.node';
import { ScheduleTrigger } from 'n8n-nodes-base/dist/nodes/Schedule/ScheduleTrigger.node';
import { SplitInBatches } from 'n8n-nodes-base/dist/nodes/SplitInBatches/SplitInBatches.node';
import { StickyNote } from 'n8n-nodes-base/dist/nodes/StickyNote/StickyNote.node';
import { StopAndError } from 'n8n-nodes-base/dist/nodes/StopAndError/StopAndError.node';
import { SplitOut } from 'n8n-nodes-base/dist/nodes/Transform/SplitOut/SplitOut.node';

import { OmniHuman } from '../../nodes/OmniHuman/OmniHuman.node';

export const OMNIHUMAN_TYPE = 'n8n-nodes-omnihuman.omniHuman';

/** Observes the OmniHuman node's `execute` from outside: when it starts and when it has returned. */
export interface NodeProbe {
	startedAt?: number;
	settledAt?: number;
	settled: Promise<number>;
}

function probe(nodeType: OmniHuman): { nodeType: INodeType; next(): NodeProbe } {
	let current: NodeProbe & { resolve?: (at: number) => void };
	const reset = () => {
		let resolve!: (at: number) => void;
		const settled = new Promise<number>((done) => (resolve = done));
		current = { settled, resolve };
		return current;
	};
	reset();
	const execute = nodeType.execute;
	nodeType.execute = async function (this: ThisParameterType<typeof execute>) {
		const record = current;
		record.startedAt = Date.now();
		try {
			return await execute.call(this);
		} finally {
			record.settledAt = Date.now();
			record.resolve?.(record.settledAt);
		}
	} as typeof nodeType.execute;
	return { nodeType, next: reset };
}

/** The node types a test workflow can use: n8n's own Manual Trigger, Set, No Op, Loop Over Items, If, Stop and Error, Split Out, Merge, Schedule Trigger and Sticky Note (the examples use them), and OmniHuman from source. */
export class TestNodeTypes implements INodeTypes {
	private readonly omniHuman = probe(new OmniHuman());

	private readonly types: Record<string, INodeType | IVersionedNodeType> = {
		'n8n-nodes-base.manualTrigger': new ManualTrigger(),
		'n8n-nodes-base.set': new SetNode(),
		'n8n-nodes-base.noOp': new NoOp(),
		'n8n-nodes-base.splitInBatches': new SplitInBatches(),
		'n8n-nodes-base.if': new If(),
		'n8n-nodes-base.stopAndError': new StopAndError(),
		'n8n-nodes-base.splitOut': new SplitOut(),
		'n8n-nodes-base.merge': new Merge(),
		'n8n-nodes-base.scheduleTrigger': new ScheduleTrigger(),
		'n8n-nodes-base.stickyNote': new StickyNote(),
		[OMNIHUMAN_TYPE]: this.omniHuman.nodeType,
	};

	/** A fresh probe for the next run of the OmniHuman node. */
	nextProbe(): NodeProbe {
		return this.omniHuman.next();
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type in test workflow: ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}
