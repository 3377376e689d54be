import { Args, Flags } from '@oclif/core';
import { BaseCommand } from './base-command.js';

/** `stratum showmigrations [APP…] [--plan]`: what is applied on the selected database (API.md §4). */
export default class Showmigrations extends BaseCommand<typeof Showmigrations> {
  static override summary = 'List migrations and whether each is applied.';
  static override description = [
    'Per app, [X] marks an applied migration and [ ] an unapplied one. With --plan, the whole plan in the',
    'order migrate would apply it.',
  ].join(' ');
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> library --plan',
    '<%= config.bin %> <%= command.id %> --json',
  ];
  static override strict = false;
  static override args = {
    apps: Args.string({ description: 'App labels to show (default: every app).' }),
  };
  static override flags = {
    plan: Flags.boolean({ summary: 'Show the whole plan in dependency order instead of per app.' }),
  };

  async run(): Promise<Array<{ app: string; name: string; applied: boolean; appliedAt: string | null }>> {
    const apps = this.positionals;
    const [{ showmigrations }, { renderPlan, renderPerApp }] = await Promise.all([
      import('../migrations/show-migrations.js'),
      import('./output/show-migrations.js'),
    ]);
    const config = await this.loadProjectConfig({ connect: true });
    const entries = await showmigrations({ config, database: this.flags.database, apps, plan: this.flags.plan });
    if (!this.jsonEnabled()) {
      const lines = this.flags.plan
        ? renderPlan(entries, this.flags.verbose)
        : renderPerApp(entries, apps.length ? apps : config.apps.map((a) => a.label), this.flags.verbose);
      for (const line of lines) this.log(line);
    }
    return entries.map(({ app, name, applied, appliedAt }) => ({ app, name, applied, appliedAt }));
  }
}
