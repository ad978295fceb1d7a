/** The `index`th button of a message's first actions block (what a user would click). */
export function buttonOf(entry: { message: { blocks?: unknown } }, index = 0): { actionId: string; url?: string; value?: string } {
  const blocks = (entry.message.blocks ?? []) as Array<{ type: string; elements?: Array<{ actionId: string; url?: string; value?: string }> }>;
  const button = blocks.find((b) => b.type === 'actions')?.elements?.[index];
  if (!button) throw new Error('the message has no such button');
  return button;
}
