import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Name of the users table (created by the migration apps/api/src/migrations/001-create-users.ts). */
export const USERS_TABLE = 'users';

/** A user of the sample API. */
@Entity({ name: USERS_TABLE })
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 320, unique: true })
  email!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
