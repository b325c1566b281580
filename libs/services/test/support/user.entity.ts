import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The test entity. Table names are set per test file with `userEntity(table)` so shared servers never clash. */
export function userEntity(table: string) {
  @Entity({ name: table })
  class User {
    @PrimaryGeneratedColumn()
    id!: number;

    @Column({ type: 'varchar' })
    name!: string;

    @Column({ type: 'varchar', unique: true })
    email!: string;

    @Column({ type: 'int', nullable: true })
    age!: number | null;

    @Column({ type: 'varchar', default: 'active' })
    status!: string;

    @CreateDateColumn()
    createdAt!: Date;
  }
  return User;
}

export type UserEntity = InstanceType<ReturnType<typeof userEntity>>;
