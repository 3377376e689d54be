import { Migration, operations as ops, fields } from 'stratum/migrations';

export default new Migration({
  initial: true,
  dependencies: [['library', '__first__']],
  operations: [
    ops.CreateModel({
      name: 'Sale',
      fields: [
        ['id', fields.BigAutoField({ primaryKey: true })],
        ['author', fields.ForeignKey({ to: 'library.author', onDelete: 'CASCADE' })],
      ],
    }),
  ],
});
