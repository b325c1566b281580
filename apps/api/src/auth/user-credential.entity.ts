import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's password hash (table `user_credentials`, migration 002). */
@Entity({ name: 'user_credentials' })
export class UserCredential {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'password_hash', type: 'varchar', length: 300 })
  passwordHash!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 40 })
  updatedAt!: string;
}
