/** When each user last looked at each room in the console: newer messages count as unread. */
export class SeenRooms {
  private readonly seen = new Map<string, number>();

  mark(userId: string, roomKey: string, at: number): void {
    this.seen.set(`${userId}\u0000${roomKey}`, at);
  }

  since(userId: string, roomKey: string): number {
    return this.seen.get(`${userId}\u0000${roomKey}`) ?? 0;
  }
}
