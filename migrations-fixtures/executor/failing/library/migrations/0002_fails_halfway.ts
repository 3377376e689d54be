import { Migration, operations as ops, fields } from 'stratum/migrations';

// The second operation fails on every database, after the first one has changed the schema.
export default new Migration({
  dependencies: [['library', '0001_initial']],
  operations: [
    ops.CreateModel({
      name: 'Shelf',
      fields: [
        ['id', fields.BigAutoField({ primaryKey: true })],
        ['label', fields.CharField({ maxLength: 20 })],
      ],
    }),
    ops.RunSQL({ sql: 'INSERT INTO no_such_table VALUES (1)' }),
  ],
});
