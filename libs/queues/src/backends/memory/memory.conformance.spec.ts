import { runQueueConformance } from '../../../test/conformance/queue.conformance';

runQueueConformance('memory', () => ({ backend: 'memory' }), { timing: 'fake' });
