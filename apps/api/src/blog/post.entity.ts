import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A blog post (table `posts`, migration 003). `bodyHtml` is stored sanitized. */
@Entity({ name: 'posts' })
export class Post {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ name: 'body_html', type: 'text' })
  bodyHtml!: string;

  @Column({ name: 'author_id', type: 'integer' })
  authorId!: number;

  @Column({ name: 'author_name', type: 'varchar', length: 200 })
  authorName!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 40 })
  createdAt!: string;
}
