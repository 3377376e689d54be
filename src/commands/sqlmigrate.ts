import { Args, Flags } from '@oclif/core';
import type { SqlmigrateResult } from '../migrations/api-types.js';
import { BaseCommand } from './base-command.js';

/** `stratum sqlmigrate APP NAME [--backwards]`: the SQL a migration runs, without running it (API.md §4). */
export default class Sqlmigrate extends BaseCommand<typeof Sqlmigrate> {
  static override summary = "Print the SQL a migration runs on the selected database's dialect.";
  static override description = [
    'Nothing is executed and no data is touched. The statements are the ones migrate would run, wrapped',
    'in BEGIN;/COMMIT; when the migration is atomic and the database can roll back DDL.',
  ].join(' ');
  static override examples = [
    '<%= config.bin %> <%= command.id %> library 0001_initial',
    '<%= config.bin %> <%= command.id %> library 0002 --backwards',
    'DATABASE_URL=postgres://postgres@127.0.0.1/app <%= config.bin %> <%= command.id %> library 0001',
  ];
  static override args = {
    app: Args.string({ required: true, description: 'App label.' }),
    name: Args.string({ required: true, description: 'Migration name, or a unique prefix of it (0002).' }),
  };
  static override flags = {
    backwards: Flags.boolean({ summary: 'The SQL that unapplies the migration.' }),
  };

  async run(): Promise<SqlmigrateResult> {
    const [{ sqlmigrate }, { renderSql }] = await Promise.all([import('../migrations/sql-migrate.js'), import('./output/sql.js')]);
    const config = await this.loadProjectConfig({ connect: true });
    const result = await sqlmigrate({
      config,
      database: this.flags.database,
      app: this.args.app,
      name: this.args.name,
      backwards: this.flags.backwards,
    });
    if (!this.jsonEnabled()) {
      for (const line of renderSql(result.statements, result.transactional)) this.log(line);
    }
    return { statements: result.statements.map(({ sql, parameters }) => ({ sql, parameters })) };
  }
}
