/**
 * Workloads: a data set already split and in tensors, and how to build,
 * train and read out its model for an activation (the Workload interface).
 * MovieLens (a recommender: ids and genres, with a ranking read-out for the
 * top-k swap rate), Fashion-MNIST and the 8×8 digits (pixel classifiers), and
 * the pieces they share: the seeded hidden tower with optional
 * normalization, the output layer, softmax cross-entropy, the fast last-axis
 * LayerNorm and the scatter embedding.
 *
 * In: data from data/ (Node) or your own arrays. Out: a Workload, which the
 * experiment trains replicas of.
 */
export {digitsWorkload} from './digits';
export {fashionMnistWorkload} from './fashion_mnist';
export type {FashionMnistWorkloadOptions} from './fashion_mnist';
export {movieLensWorkload} from './movielens';
export type {MovieLensWorkloadOptions} from './movielens';
export {LastAxisLayerNorm} from './layer_norm';
export type {LastAxisLayerNormArgs} from './layer_norm';
export {ScatterEmbedding} from './scatter_embedding';
export type {EmbeddingInit, ScatterEmbeddingArgs} from './scatter_embedding';
export {classificationLosses, hiddenTower, outputLayer} from './workload';
export type {ModelOptions, NormMode, NormPlacement, Workload} from './workload';
