/**
 * Seeded training: every source of difference between replicas is explicit.
 * A seeded PRNG and its derived seeds (random.ts), the order of the examples
 * in each epoch for every shuffle mode (shuffle.ts), the seeds of replicas
 * and init groups (seeds.ts), and the trainer that applies Adam batch by
 * batch in that order (trainer.ts; never Math.random).
 *
 * In: a model, its inputs and labels, seeds. Out: trained weights,
 * bit-identical for equal seeds on one backend.
 */
export {deriveSeed, seededPermutation, seededRandom} from './random';
export type {RandomSource} from './random';
export type {ReplicaRegime} from './seeds';
export {epochOrder} from './shuffle';
export type {ShuffleMode} from './shuffle';
export {SeededTrainer, trainModel} from './trainer';
export type {TrainOptions} from './trainer';
