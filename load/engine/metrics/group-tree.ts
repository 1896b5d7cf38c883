/**
 * k6's `root_group` rebuilt from samples: `checks` samples carry tags `check` and `group` (path, "" for
 * root, "::A::B" nested), `group_duration` samples carry `group`. Paths and ids as k6 lib/models.go:
 * path = parent path + "::" + name, id = hex MD5 of the path. Arrays keep first-seen order.
 */
import { createHash } from 'node:crypto';

/** A check in k6's summary shape. */
export interface SummaryCheck {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}

/** A group in k6's summary shape. */
export interface SummaryGroup {
  name: string;
  path: string;
  id: string;
  groups: SummaryGroup[];
  checks: SummaryCheck[];
}

/** Structured-clone-able state: groups and checks in first-seen order. */
export interface GroupTreeSnapshot {
  groups: string[];
  checks: Array<{ group: string; name: string; passes: number; fails: number }>;
}

interface Node {
  group: SummaryGroup;
  checks: Map<string, SummaryCheck>;
}

/** k6's group/check id: hex MD5 of the path. */
export function pathId(path: string): string {
  return createHash('md5').update(path).digest('hex');
}

const SEP = '::';

/** The group tree with check counters; cheap to update per sample (map lookups, no string building once seen). */
export class GroupTree {
  private readonly nodes = new Map<string, Node>();
  private readonly root: Node;

  /** A tree holding only the root group. */
  constructor() {
    this.root = { group: { name: '', path: '', id: pathId(''), groups: [], checks: [] }, checks: new Map() };
    this.nodes.set('', this.root);
  }

  /** The node for a group path, creating it and its ancestors in order. */
  ensureGroup(path: string): Node {
    const found = this.nodes.get(path);
    if (found) return found;
    const cut = path.lastIndexOf(SEP);
    // A path that does not start with "::" is not k6's; treat it as a top-level group name.
    const parent = cut > 0 ? this.ensureGroup(path.slice(0, cut)) : this.root;
    const name = cut >= 0 ? path.slice(cut + SEP.length) : path;
    const fullPath = cut >= 0 ? path : SEP + path;
    const node: Node = { group: { name, path: fullPath, id: pathId(fullPath), groups: [], checks: [] }, checks: new Map() };
    parent.group.groups.push(node.group);
    this.nodes.set(path, node);
    if (fullPath !== path) this.nodes.set(fullPath, node);
    return node;
  }

  /** Counts one check result (value non-zero = pass) under its group. */
  addCheck(groupPath: string, name: string, passes: number, fails: number): void {
    const node = this.nodes.get(groupPath) ?? this.ensureGroup(groupPath);
    let check = node.checks.get(name);
    if (!check) {
      const path = node.group.path + SEP + name;
      check = { name, path, id: pathId(path), passes: 0, fails: 0 };
      node.checks.set(name, check);
      node.group.checks.push(check);
    }
    check.passes += passes;
    check.fails += fails;
  }

  /** Deep copy of the root group in k6's shape. */
  rootGroup(): SummaryGroup {
    return structuredClone(this.root.group);
  }

  /** Serialisable state for merging across workers. */
  snapshot(): GroupTreeSnapshot {
    const groups: string[] = [];
    const checks: GroupTreeSnapshot['checks'] = [];
    const walk = (g: SummaryGroup): void => {
      for (const c of g.checks) checks.push({ group: g.path, name: c.name, passes: c.passes, fails: c.fails });
      for (const child of g.groups) {
        groups.push(child.path);
        walk(child);
      }
    };
    walk(this.root.group);
    return { groups, checks };
  }

  /** Merges another tree: missing groups/checks are appended, counters add. */
  merge(s: GroupTreeSnapshot): void {
    for (const path of s.groups) this.ensureGroup(path);
    for (const c of s.checks) this.addCheck(c.group, c.name, c.passes, c.fails);
  }
}
