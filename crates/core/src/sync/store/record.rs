//! The record kinds the store keeps (`Record`): each one's kind, metadata, bundle version and
//! table in the store.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::*;

/// A record kind the store can keep.
pub trait Record: Serialize + DeserializeOwned + Clone + 'static {
    const KIND: RecordKind;
    fn meta(&self) -> &RecordMeta;
    fn meta_mut(&mut self) -> &mut RecordMeta;
    /// This record as a version a bundle carries.
    fn version(&self) -> RecordVersion;
    fn table<K>(store: &RecordStore<K>) -> &BTreeMap<Uuid, Stored<Self>>;
    fn table_mut<K>(store: &mut RecordStore<K>) -> &mut BTreeMap<Uuid, Stored<Self>>;
}

impl Record for Household {
    const KIND: RecordKind = RecordKind::Household;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn version(&self) -> RecordVersion {
        RecordVersion::Household(self.clone())
    }
    fn table<K>(store: &RecordStore<K>) -> &BTreeMap<Uuid, Stored<Self>> {
        &store.households
    }
    fn table_mut<K>(store: &mut RecordStore<K>) -> &mut BTreeMap<Uuid, Stored<Self>> {
        &mut store.households
    }
}

impl Record for EnteredFigures {
    const KIND: RecordKind = RecordKind::Figures;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn version(&self) -> RecordVersion {
        RecordVersion::Figures(self.clone())
    }
    fn table<K>(store: &RecordStore<K>) -> &BTreeMap<Uuid, Stored<Self>> {
        &store.figures
    }
    fn table_mut<K>(store: &mut RecordStore<K>) -> &mut BTreeMap<Uuid, Stored<Self>> {
        &mut store.figures
    }
}

impl Record for Report {
    const KIND: RecordKind = RecordKind::Report;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn version(&self) -> RecordVersion {
        RecordVersion::Report(self.clone())
    }
    fn table<K>(store: &RecordStore<K>) -> &BTreeMap<Uuid, Stored<Self>> {
        &store.reports
    }
    fn table_mut<K>(store: &mut RecordStore<K>) -> &mut BTreeMap<Uuid, Stored<Self>> {
        &mut store.reports
    }
}

impl Record for VillageRecord {
    const KIND: RecordKind = RecordKind::Village;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn version(&self) -> RecordVersion {
        RecordVersion::Village(self.clone())
    }
    fn table<K>(store: &RecordStore<K>) -> &BTreeMap<Uuid, Stored<Self>> {
        &store.villages
    }
    fn table_mut<K>(store: &mut RecordStore<K>) -> &mut BTreeMap<Uuid, Stored<Self>> {
        &mut store.villages
    }
}
