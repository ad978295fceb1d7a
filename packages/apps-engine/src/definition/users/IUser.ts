/** A chat user as the host's user directory knows them. */
export interface IUser {
  id: string;
  username: string;
  name?: string;
  emails?: Array<{ address: string; verified: boolean }>;
  roles?: string[];
  type?: 'user' | 'bot' | 'app';
  active?: boolean;
  utcOffset?: number;
  createdAt?: Date;
}

export interface IUserRead {
  getById(id: string): Promise<IUser | undefined>;
  getByUsername(username: string): Promise<IUser | undefined>;
}
