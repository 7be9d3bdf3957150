export { AnnotationQueue, type Annotator, type Lookup } from './annotation-queue.js';
export { oniIntrinsic, oniQueue } from './oni.js';
