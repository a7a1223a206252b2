/** Types of the part of jStat (npm `jstat`, which ships none) that the toolkit uses. */
declare module 'jstat' {
  const jStat: {
    studentt: {
      /** Inverse CDF of Student's t with `dof` degrees of freedom at probability p. */
      inv(p: number, dof: number): number;
    };
  };
  export default jStat;
}
