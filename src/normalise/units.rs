//! Units: splitting a cell that names several units (`、 , ， ; ； /` or line
//! breaks, with `主办:`/`协办:` prefixes), and the directory built from units
//! sheets that maps names and 别名 to the canonical 单位名称 and its 分组.

use crate::model::{Role, Unit};
use std::collections::BTreeMap;

/// The group of a unit missing from an existing units sheet.
pub const UNGROUPED: &str = "未分组";

/// Splits a cell into unit names with roles. Unprefixed names: the first is
/// 主办 (when `lead_first`), the rest 协办. Names are normalised with
/// [`crate::text::key`] (NFKC, whitespace removed, Traditional folded).
pub fn split_units(text: &str, lead_first: bool) -> Vec<(String, Option<Role>)> {
    let mut out = Vec::new();
    // The separators, with their full-width, half-width and small forms.
    for part in text.split([
        '、', ',', '，', ';', '；', '/', '\n', '\r', '／', '､', '﹑', '﹐', '﹔', '︐', '︑', '︔',
    ]) {
        let key = crate::text::key(part);
        if !key.contains(':') {
            // The usual case: one name, no role; the key is the name.
            if !key.is_empty() {
                out.push((key, None));
            }
            continue;
        }
        // A role prefix starts a name wherever it stands (`主办：A 协办：B`,
        // one part once spaces are gone): a unit's name holds no colon.
        let mut rest = key.as_str();
        while let Some(c) = rest.chars().next() {
            let first = c.len_utf8();
            let next = ROLE_MARKS
                .iter()
                .filter_map(|(mark, _)| rest[first..].find(mark).map(|k| k + first))
                .min()
                .unwrap_or(rest.len());
            let (piece, after) = rest.split_at(next);
            rest = after;
            let (role, name) = strip_role(piece);
            if !name.is_empty() {
                out.push((name.to_owned(), role));
            }
        }
    }
    if lead_first {
        default_roles(&mut out);
    }
    out
}

/// Gives unprefixed names their roles: the first is 主办 unless a name is
/// marked 主办, the rest 协办.
pub fn default_roles(named: &mut [(String, Option<Role>)]) {
    let has_explicit_lead = named.iter().any(|(_, r)| *r == Some(Role::Lead));
    for (i, (_, role)) in named.iter_mut().enumerate() {
        if role.is_none() {
            *role = Some(if i == 0 && !has_explicit_lead {
                Role::Lead
            } else {
                Role::Assist
            });
        }
    }
}

/// The words that mark a unit's role, with their colon as a key has it
/// (NFKC turns `：` into `:`): `主办:X`, `协办:X`, also 牵头, 配合.
const ROLE_MARKS: [(&str, Role); 4] = [
    ("主办:", Role::Lead),
    ("牵头:", Role::Lead),
    ("协办:", Role::Assist),
    ("配合:", Role::Assist),
];

/// A key's role mark, if it starts with one, and the name after it.
fn strip_role(key: &str) -> (Option<Role>, &str) {
    for (mark, role) in ROLE_MARKS {
        if let Some(rest) = key.strip_prefix(mark) {
            return (Some(role), rest);
        }
    }
    (None, key)
}

/// The group inferred from a name when there is no units sheet.
pub fn infer_group(name: &str) -> &'static str {
    if ["镇", "乡", "街道", "街办"]
        .iter()
        .any(|s| name.ends_with(s))
    {
        "镇街"
    } else {
        "县直部门"
    }
}

/// Names and aliases mapped to canonical units.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    /// Canonical name → unit, in name order.
    units: BTreeMap<String, Unit>,
    /// Name or alias key → canonical name.
    lookup: foldhash::HashMap<String, String>,
    /// Groups in order of first appearance.
    groups: Vec<String>,
}

/// Why a units-sheet entry was not taken as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DirectoryConflict {
    /// The unit was listed before with another group; the later one wins.
    GroupChanged { earlier: String },
    /// An alias already names another unit; it is ignored for this one.
    AliasTaken { alias: String, unit: String },
    /// The name was listed before as an alias of `unit`; it now names this unit.
    NameWasAlias { unit: String },
}

impl Directory {
    /// Whether any units sheet supplied units.
    pub fn is_listed(&self) -> bool {
        !self.units.is_empty()
    }

    /// Adds a units-sheet entry. Returns `Ok(false)` when it repeats an
    /// identical entry, `Ok(true)` when new, and the conflicts found otherwise.
    pub fn add(
        &mut self,
        name: &str,
        group: &str,
        aliases: &[String],
    ) -> Result<bool, Vec<DirectoryConflict>> {
        let mut conflicts = Vec::new();
        let mut changed = true;
        if !self.groups.iter().any(|g| g == group) {
            self.groups.push(group.to_owned());
        }
        match self.units.get_mut(name) {
            Some(unit) => {
                let new_aliases: Vec<_> = aliases
                    .iter()
                    .filter(|a| !unit.aliases.contains(a))
                    .cloned()
                    .collect();
                if unit.group == group && new_aliases.is_empty() {
                    changed = false;
                } else if unit.group != group {
                    conflicts.push(DirectoryConflict::GroupChanged {
                        earlier: unit.group.clone(),
                    });
                    unit.group = group.to_owned();
                }
            }
            None => {
                self.units.insert(
                    name.to_owned(),
                    Unit {
                        name: name.to_owned(),
                        group: group.to_owned(),
                        aliases: Vec::new(),
                        listed: true,
                    },
                );
            }
        }
        if let Some(owner) = self.lookup.get(name).filter(|o| *o != name).cloned() {
            // A unit's own name names it: the alias is taken from the other unit.
            if let Some(unit) = self.units.get_mut(&owner) {
                unit.aliases.retain(|a| a != name);
            }
            conflicts.push(DirectoryConflict::NameWasAlias { unit: owner });
        }
        self.lookup.insert(name.to_owned(), name.to_owned());
        for alias in aliases {
            match self.lookup.get(alias) {
                Some(owner) if owner != name => conflicts.push(DirectoryConflict::AliasTaken {
                    alias: alias.clone(),
                    unit: owner.clone(),
                }),
                Some(_) => {}
                None => {
                    self.lookup.insert(alias.clone(), name.to_owned());
                    if let Some(unit) = self.units.get_mut(name) {
                        unit.aliases.push(alias.clone());
                    }
                }
            }
        }
        if conflicts.is_empty() {
            Ok(changed)
        } else {
            Err(conflicts)
        }
    }

    /// The canonical name for a name or alias, if listed.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        self.lookup.get(name).map(String::as_str)
    }

    /// The canonical name of a (normalised) name: a listed unit's, by name or
    /// alias, else the name itself (no copy then, nor when it is the listed
    /// name); and whether it is known — listed, or anything when no units
    /// sheet exists.
    pub fn canonical(&self, name: String) -> (String, bool) {
        match self.resolve(&name) {
            Some(canonical) if canonical == name => (name, true),
            Some(canonical) => (canonical.to_owned(), true),
            None => (name, !self.is_listed()),
        }
    }

    /// The group of a canonical name: a listed unit's own; otherwise 未分组
    /// when a units sheet exists, or the group inferred from the name when
    /// none does.
    pub fn group_of(&self, canonical: &str) -> &str {
        match self.units.get(canonical) {
            Some(unit) => &unit.group,
            None if self.is_listed() => UNGROUPED,
            None => infer_group(canonical),
        }
    }

    /// [`Self::canonical`] with [`Self::group_of`], as the tests check them.
    #[cfg(test)]
    fn place(&self, name: &str) -> (String, String, bool) {
        let (canonical, known) = self.canonical(name.to_owned());
        let group = self.group_of(&canonical).to_owned();
        (canonical, group, known)
    }

    /// Groups in order of first appearance in the units sheets.
    pub fn group_order(&self) -> &[String] {
        &self.groups
    }

    /// The listed units, by name.
    pub fn units(&self) -> impl Iterator<Item = &Unit> {
        self.units.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_roles() {
        let got = split_units("县住建局、蓝关街道\n县水务局", true);
        assert_eq!(
            got,
            vec![
                ("县住建局".into(), Some(Role::Lead)),
                ("蓝关街道".into(), Some(Role::Assist)),
                ("县水务局".into(), Some(Role::Assist)),
            ]
        );
        let got = split_units("协办：县公安局；主办：华胥镇", true);
        assert_eq!(
            split_units("主办：县公安局 协办：华胥镇", true),
            [
                ("县公安局".into(), Some(Role::Lead)),
                ("华胥镇".into(), Some(Role::Assist)),
            ]
        );
        assert_eq!(
            got,
            vec![
                ("县公安局".into(), Some(Role::Assist)),
                ("华胥镇".into(), Some(Role::Lead)),
            ]
        );
        assert_eq!(split_units(" , ", true), vec![]);
        let names = |t: &str| -> Vec<String> {
            split_units(t, false).into_iter().map(|(n, _)| n).collect()
        };
        assert_eq!(names("县住建局／县交通局"), ["县住建局", "县交通局"]);
        assert_eq!(
            names("县财政局﹑县审计局﹐县统计局"),
            ["县财政局", "县审计局", "县统计局"]
        );
    }

    #[test]
    fn groups_are_inferred() {
        assert_eq!(infer_group("华胥镇"), "镇街");
        assert_eq!(infer_group("蓝关街办"), "镇街");
        assert_eq!(infer_group("县公安局"), "县直部门");
    }

    #[test]
    fn a_name_listed_after_it_was_an_alias_names_its_own_unit_either_way() {
        let alias_first = {
            let mut d = Directory::default();
            assert_eq!(
                d.add("蓝田县公安局", "县直部门", &["县公安局".into()]),
                Ok(true)
            );
            assert_eq!(
                d.add("县公安局", "镇街", &[]),
                Err(vec![DirectoryConflict::NameWasAlias {
                    unit: "蓝田县公安局".into()
                }])
            );
            assert!(d.units["蓝田县公安局"].aliases.is_empty());
            d
        };
        let name_first = {
            let mut d = Directory::default();
            assert_eq!(d.add("县公安局", "镇街", &[]), Ok(true));
            assert!(d
                .add("蓝田县公安局", "县直部门", &["县公安局".into()])
                .is_err());
            d
        };
        for d in [alias_first, name_first] {
            assert_eq!(d.resolve("县公安局"), Some("县公安局"));
            assert_eq!(d.resolve("蓝田县公安局"), Some("蓝田县公安局"));
        }
    }

    #[test]
    fn aliases_resolve() {
        let mut d = Directory::default();
        assert_eq!(d.add("县公安局", "县直部门", &["公安局".into()]), Ok(true));
        assert_eq!(d.add("县公安局", "县直部门", &["公安局".into()]), Ok(false));
        assert_eq!(
            d.place("公安局"),
            ("县公安局".into(), "县直部门".into(), true)
        );
        assert_eq!(
            d.place("某某局"),
            ("某某局".into(), UNGROUPED.into(), false)
        );
        assert!(d.add("县交通局", "县直部门", &["公安局".into()]).is_err());
    }
}
