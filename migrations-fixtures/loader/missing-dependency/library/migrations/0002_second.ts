import { Migration } from 'stratum/migrations';

export default new Migration({
  dependencies: [['library', '0001_initial'], ['library', '0000_nowhere']],
  operations: [],
});
