//! Opening the store: one scan of the backend, every entry parsed by its key, v1 entries
//! migrated, what cannot be read reported; and reading again what another tab wrote.

use super::*;

/// What one scan of the backend found.
struct Scan {
    households: BTreeMap<Uuid, Stored<Household>>,
    figures: BTreeMap<Uuid, Stored<EnteredFigures>>,
    reports: BTreeMap<Uuid, Stored<Report>>,
    villages: BTreeMap<Uuid, Stored<VillageRecord>>,
    tombstones: BTreeMap<Uuid, Stored<Tombstone>>,
    bad: Vec<BadEntry>,
    last_export: Option<DateTime<Utc>>,
    last_made: Option<DateTime<Utc>>,
    last_outbox: Option<DateTime<Utc>>,
    imported: BTreeSet<Uuid>,
    schema: Option<u32>,
    v1: Vec<(RecordKind, Uuid)>,
}

pub(super) enum Parsed {
    // Boxed: a household is much larger than the other variants.
    Household(Uuid, Box<Decoded<Household>>),
    Figures(Uuid, Box<Decoded<EnteredFigures>>),
    Report(Uuid, Box<Decoded<Report>>),
    Village(Uuid, Box<Decoded<VillageRecord>>),
    Tombstone(Box<Stored<Tombstone>>),
    Schema(u32),
    LastExport(DateTime<Utc>),
    LastMade(DateTime<Utc>),
    LastOutbox(DateTime<Utc>),
    Imported(BTreeSet<Uuid>),
    Ignored,
}

pub(super) fn parse_entry(key: &str, raw: &str) -> Result<Parsed, EntryIssue> {
    let Some(rest) = key.strip_prefix(PREFIX) else {
        // `ansinh/v2/...` and later: a newer key layout this app cannot read.
        return Err(EntryIssue::Foreign("key layout of another version".into()));
    };
    let (segment, tail) = rest.split_once('/').unwrap_or((rest, ""));
    match segment {
        SETTINGS_SEGMENT => Ok(Parsed::Ignored),
        // The outbox's own entries (`crate::sync::outbox_entry`); a damaged one is listed like any other.
        crate::sync::outbox_entry::SEGMENT => crate::sync::outbox_entry::decode_entry(raw)
            .map(|_| Parsed::Ignored)
            .map_err(|e| EntryIssue::Corrupt(format!("outbox entry: {e}"))),
        "meta" => match tail {
            "schema" => raw
                .trim()
                .parse()
                .map(Parsed::Schema)
                .map_err(|_| EntryIssue::Corrupt(format!("schema version {raw:?}"))),
            // Through `Value` like the records: one decoder per type in the wasm.
            "last_export" => serde_json::from_str::<serde_json::Value>(raw)
                .and_then(crate::base::dates::stamp::deserialize)
                .map(Parsed::LastExport)
                .map_err(|e| EntryIssue::Corrupt(format!("last export time: {e}"))),
            "last_made" => serde_json::from_str::<serde_json::Value>(raw)
                .and_then(crate::base::dates::stamp::deserialize)
                .map(Parsed::LastMade)
                .map_err(|e| EntryIssue::Corrupt(format!("last export made: {e}"))),
            "last_outbox" => serde_json::from_str::<serde_json::Value>(raw)
                .and_then(crate::base::dates::stamp::deserialize)
                .map(Parsed::LastOutbox)
                .map_err(|e| EntryIssue::Corrupt(format!("last outbox time: {e}"))),
            "imported" => serde_json::from_str::<serde_json::Value>(raw)
                .and_then(serde_json::from_value)
                .map(Parsed::Imported)
                .map_err(|e| EntryIssue::Corrupt(format!("imported bundles: {e}"))),
            _ => Err(EntryIssue::Foreign(format!("unknown setting {tail}"))),
        },
        "tombstone" => {
            let t = decode_tombstone(raw).map_err(|e| EntryIssue::Corrupt(format!("tombstone: {e}")))?;
            if t.record.id.hyphenated().to_string() != tail {
                return Err(EntryIssue::Corrupt("the id in the key and in the tombstone differ".into()));
            }
            Ok(Parsed::Tombstone(Box::new(t)))
        }
        seg => {
            let kind = RecordKind::from_name(seg).ok_or_else(|| EntryIssue::Foreign(format!("unknown kind {seg}")))?;
            let id = Uuid::parse_str(tail).map_err(|_| EntryIssue::Corrupt(format!("bad id {tail:?} in the key")))?;
            fn check<R: Record>(id: Uuid, d: Decoded<R>) -> Result<Decoded<R>, EntryIssue> {
                if d.stored.record.meta().id != id {
                    return Err(EntryIssue::Corrupt("the id in the key and in the record differ".into()));
                }
                Ok(d)
            }
            Ok(match kind {
                // Only households are numerous enough to need the fast path; it costs a typed
                // decoder per record type in the wasm, so the few figures and reports keep the
                // `Value` path.
                RecordKind::Household => Parsed::Household(id, Box::new(check(id, decode_entry_fast(raw)?)?)),
                RecordKind::Figures => Parsed::Figures(id, Box::new(check(id, decode_entry(raw)?)?)),
                RecordKind::Report => Parsed::Report(id, Box::new(check(id, decode_entry(raw)?)?)),
                RecordKind::Village => Parsed::Village(id, Box::new(check(id, decode_entry(raw)?)?)),
            })
        }
    }
}

pub(super) fn is_ours(key: &str) -> bool {
    // Only `ansinh/v<digits>/` keys: other apps on the same origin are not our business.
    key.strip_prefix("ansinh/v")
        .and_then(|r| r.split_once('/'))
        .is_some_and(|(v, _)| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()))
}

impl<K: KeyValue> RecordStore<K> {
    /// Loads every entry, migrates v1 entries to the current format, and reports what it could
    /// not read. Fails only when the backend cannot even list its keys.
    pub fn open(kv: K, now: DateTime<Utc>) -> Result<(Self, LoadReport), StoreError> {
        let scan = Self::scan(&kv)?;
        let found_records = !scan.households.is_empty()
            || !scan.figures.is_empty()
            || !scan.reports.is_empty()
            || !scan.villages.is_empty();
        let from_version = scan.schema.unwrap_or(if found_records { 1 } else { SCHEMA_VERSION });
        let v1 = scan.v1.clone();
        let schema_written = scan.schema;
        let mut store = RecordStore {
            kv,
            households: scan.households,
            figures: scan.figures,
            reports: scan.reports,
            villages: scan.villages,
            tombstones: scan.tombstones,
            bad: scan.bad,
            last_export: scan.last_export,
            last_made: scan.last_made,
            last_outbox: scan.last_outbox,
            imported: scan.imported,
            read_only: None,
        };
        let mut report = LoadReport { from_version, ..Default::default() };
        if from_version > SCHEMA_VERSION {
            store.read_only = Some(from_version);
            report.newer_schema = Some(from_version);
            return Ok((store, report));
        }
        for (kind, id) in v1 {
            let result = match kind {
                RecordKind::Household => store.migrate_one::<Household>(id, now),
                RecordKind::Figures => store.migrate_one::<EnteredFigures>(id, now),
                RecordKind::Report => store.migrate_one::<Report>(id, now),
                RecordKind::Village => store.migrate_one::<VillageRecord>(id, now),
            };
            match result {
                Ok(()) => report.migrated += 1,
                Err(e) => {
                    report.migration_error = Some(e);
                    break;
                }
            }
        }
        if report.migration_error.is_none() && schema_written != Some(SCHEMA_VERSION) {
            if let Err(e) = store.kv.set(SCHEMA_KEY, &SCHEMA_VERSION.to_string()) {
                report.migration_error = Some(e.into());
            }
        }
        Ok((store, report))
    }

    fn migrate_one<R: Record>(&mut self, id: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
        let key = record_key(R::KIND, id);
        let Some(stored) = R::table(self).get(&id).cloned() else { return Ok(()) };
        let value = encode_synced(1, now, &stored.record, &stored.sync)
            .map_err(|reason| StoreError::Encode { key: key.clone(), reason })?;
        self.kv.set(&key, &value)?;
        R::table_mut(self).insert(id, Stored { rev: 1, saved_at: Some(now), ..stored });
        Ok(())
    }

    fn scan(kv: &K) -> Result<Scan, StoreError> {
        let mut keys = kv.keys()?;
        crate::base::sort::sort_by(&mut keys, |a, b| a.cmp(b));
        let mut s = Scan {
            households: BTreeMap::new(),
            figures: BTreeMap::new(),
            reports: BTreeMap::new(),
            villages: BTreeMap::new(),
            tombstones: BTreeMap::new(),
            bad: Vec::new(),
            last_export: None,
            last_made: None,
            last_outbox: None,
            imported: BTreeSet::new(),
            schema: None,
            v1: Vec::new(),
        };
        for key in keys.into_iter().filter(|k| is_ours(k)) {
            let Some(raw) = kv.get(&key)? else { continue };
            match parse_entry(&key, &raw) {
                Ok(Parsed::Household(id, d)) => {
                    if d.version == 1 {
                        s.v1.push((RecordKind::Household, id));
                    }
                    s.households.insert(id, d.stored);
                }
                Ok(Parsed::Figures(id, d)) => {
                    if d.version == 1 {
                        s.v1.push((RecordKind::Figures, id));
                    }
                    s.figures.insert(id, d.stored);
                }
                Ok(Parsed::Report(id, d)) => {
                    if d.version == 1 {
                        s.v1.push((RecordKind::Report, id));
                    }
                    s.reports.insert(id, d.stored);
                }
                Ok(Parsed::Village(id, d)) => {
                    if d.version == 1 {
                        s.v1.push((RecordKind::Village, id));
                    }
                    s.villages.insert(id, d.stored);
                }
                Ok(Parsed::Tombstone(t)) => {
                    s.tombstones.insert(t.record.id, *t);
                }
                Ok(Parsed::Schema(v)) => s.schema = Some(v),
                Ok(Parsed::LastExport(t)) => s.last_export = Some(t),
                Ok(Parsed::LastMade(t)) => s.last_made = Some(t),
                Ok(Parsed::LastOutbox(t)) => s.last_outbox = Some(t),
                Ok(Parsed::Imported(ids)) => s.imported = ids,
                Ok(Parsed::Ignored) => {}
                Err(issue) => s.bad.push(BadEntry { key, raw, issue }),
            }
        }
        Ok(s)
    }

    /// Re-reads everything (e.g. after another tab cleared storage). Writes nothing.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        let s = Self::scan(&self.kv)?;
        self.households = s.households;
        self.figures = s.figures;
        self.reports = s.reports;
        self.villages = s.villages;
        self.tombstones = s.tombstones;
        self.bad = s.bad;
        self.last_export = s.last_export;
        self.last_made = s.last_made;
        self.last_outbox = s.last_outbox;
        self.imported = s.imported;
        Ok(())
    }

    /// Re-reads one key after another tab changed it (`None`: the whole storage was cleared).
    /// Returns the record the key belongs to, if any, so an open form can check its revision.
    pub fn refresh(&mut self, key: Option<&str>) -> Result<Option<(RecordKind, Uuid)>, StoreError> {
        let Some(key) = key else {
            self.reload()?;
            return Ok(None);
        };
        if !is_ours(key) {
            return Ok(None);
        }
        self.bad.retain(|b| b.key != key);
        let raw = self.kv.get(key)?;
        let rest = key.strip_prefix(PREFIX).unwrap_or("");
        let (segment, tail) = rest.split_once('/').unwrap_or((rest, ""));
        let id = Uuid::parse_str(tail).ok();
        let Some(raw) = raw else {
            // Removed elsewhere.
            match (segment, id) {
                ("tombstone", Some(id)) => {
                    let kind = self.tombstones.remove(&id).map(|t| t.record.kind);
                    return Ok(kind.map(|k| (k, id)));
                }
                (seg, Some(id)) => {
                    if let Some(kind) = RecordKind::from_name(seg) {
                        match kind {
                            RecordKind::Household => self.households.remove(&id).map(|_| ()),
                            RecordKind::Figures => self.figures.remove(&id).map(|_| ()),
                            RecordKind::Report => self.reports.remove(&id).map(|_| ()),
                            RecordKind::Village => self.villages.remove(&id).map(|_| ()),
                        };
                        return Ok(Some((kind, id)));
                    }
                }
                _ => {}
            }
            match key {
                EXPORT_KEY => self.last_export = None,
                MADE_KEY => self.last_made = None,
                OUTBOX_KEY => self.last_outbox = None,
                IMPORTED_KEY => self.imported.clear(),
                _ => {}
            }
            return Ok(None);
        };
        Ok(match parse_entry(key, &raw) {
            Ok(Parsed::Household(id, d)) => {
                self.households.insert(id, d.stored);
                Some((RecordKind::Household, id))
            }
            Ok(Parsed::Figures(id, d)) => {
                self.figures.insert(id, d.stored);
                Some((RecordKind::Figures, id))
            }
            Ok(Parsed::Report(id, d)) => {
                self.reports.insert(id, d.stored);
                Some((RecordKind::Report, id))
            }
            Ok(Parsed::Village(id, d)) => {
                self.villages.insert(id, d.stored);
                Some((RecordKind::Village, id))
            }
            Ok(Parsed::Tombstone(t)) => {
                let changed = (t.record.kind, t.record.id);
                self.tombstones.insert(t.record.id, *t);
                Some(changed)
            }
            Ok(Parsed::LastExport(t)) => {
                self.last_export = Some(t);
                None
            }
            Ok(Parsed::LastMade(t)) => {
                self.last_made = Some(t);
                None
            }
            Ok(Parsed::LastOutbox(t)) => {
                self.last_outbox = Some(t);
                None
            }
            Ok(Parsed::Imported(ids)) => {
                self.imported = ids;
                None
            }
            Ok(Parsed::Schema(_)) | Ok(Parsed::Ignored) => None,
            Err(issue) => {
                self.bad.push(BadEntry { key: key.to_owned(), raw, issue });
                None
            }
        })
    }
}
