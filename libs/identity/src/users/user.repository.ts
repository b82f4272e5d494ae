import { EntityManager, In, Repository } from 'typeorm';
import { User } from './user.entity';

export interface UserRowFilter {
  role?: string;
  agency?: string;
  active?: boolean;
  offset: number;
  pageSize: number;
}

/**
 * The one owner of the `users` table. Plain class over TypeORM's repository: UsersService makes
 * it, in Nest and in the CLI alike. Methods that take an EntityManager read or write inside the
 * caller's transaction (never a second pooled connection while one is held).
 */
export class UserRepository {
  constructor(private readonly users: Repository<User>) {}

  private repo(m?: EntityManager): Repository<User> {
    return m ? m.getRepository(User) : this.users;
  }

  async byId(id: string, m?: EntityManager): Promise<User | null> {
    return this.repo(m).findOneBy({ id });
  }

  async byEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email });
  }

  async emailTaken(email: string): Promise<boolean> {
    return this.users.existsBy({ email });
  }

  /** For login only: the user with their password hash. */
  async withPasswordHash(email: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne();
  }

  /** Active users of an agency holding `role`, by name. */
  async activeWithRole(agencyCode: string, role: string, m?: EntityManager): Promise<Pick<User, 'id' | 'name'>[]> {
    return this.repo(m)
      .createQueryBuilder('u')
      .select(['u.id', 'u.name'])
      .where('u.agency_code = :agencyCode AND u.active AND :role = ANY(u.roles)', { agencyCode, role })
      .orderBy('u.name')
      .addOrderBy('u.id')
      .getMany();
  }

  /** Active users of an agency, by name. */
  /** Ids and names of these users. */
  async names(ids: string[]): Promise<Pick<User, 'id' | 'name'>[]> {
    return ids.length === 0 ? [] : this.repo().find({ select: { id: true, name: true }, where: { id: In(ids) } });
  }

  async activeOfAgency(agencyCode: string): Promise<User[]> {
    return this.users.find({ where: { agencyCode, active: true }, order: { name: 'ASC', id: 'ASC' } });
  }

  /** By email. */
  async page(f: UserRowFilter): Promise<[User[], number]> {
    const qb = this.users.createQueryBuilder('u');
    if (f.role !== undefined) qb.andWhere(':role = ANY(u.roles)', { role: f.role });
    if (f.agency !== undefined) qb.andWhere('u.agency_code = :agency', { agency: f.agency });
    if (f.active !== undefined) qb.andWhere('u.active = :active', { active: f.active });
    return qb.orderBy('u.email').skip(f.offset).take(f.pageSize).getManyAndCount();
  }

  /** Locks one user for the rest of the caller's transaction. */
  async lock(m: EntityManager, id: string): Promise<User | null> {
    return m.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(m: EntityManager, user: User): Promise<void> {
    await m.insert(User, user);
  }

  async update(m: EntityManager, id: string, changes: Pick<User, 'roles' | 'active' | 'name' | 'agencyCode' | 'updatedAt'>): Promise<void> {
    await m.update(User, { id }, changes);
  }

  /** The user's own language for emails and notifications. */
  async setLanguage(m: EntityManager, id: string, language: 'id' | 'en', at: Date): Promise<void> {
    await m.update(User, { id }, { language, updatedAt: at });
  }
}
