import { CommandContext } from './commandContext';

/** `dockerContexts.refresh`: reads the store again. */
export async function refresh(ctx: CommandContext): Promise<void> {
  await ctx.model.refresh();
}
