export { AnnotationQueue, type Annotator, type Drained, type Lookup } from './annotation-queue.js';
export { oniClassifier, oniIntrinsic, oniQueue } from './oni.js';
export { OnlineClassifier, type OnlineClassifierOptions } from './online-classifier.js';
