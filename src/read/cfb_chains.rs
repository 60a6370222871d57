//! Sector chains that loop, in an .xls compound file.
//!
//! An .xls is a compound file: its streams are chains of sectors, each
//! sector's successor written in the file allocation table (FAT), and small
//! streams chains of mini sectors in the MiniFAT. calamine follows a chain
//! until its end marker, collecting sectors as it goes; a damaged file whose
//! chain loops back on itself makes it collect without end (found by
//! fuzzing: 24 GB in 43 s, then the process is killed, which no `catch_unwind`
//! can stop). Every successor table is walked here first, in time linear in
//! its size, and a book with a loop is refused as damaged.

/// The last regular sector number; larger values are markers (end of chain,
/// free, FAT or DIFAT sector).
const MAX_REGULAR: u32 = 0xFFFF_FFFA;

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    bytes.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// What loops, in words, when a chain of this compound file loops; `None`
/// when none does, or when the file is too damaged to read a table at all
/// (calamine then refuses it with its own error).
pub fn looping_chain(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) || bytes.len() < 512 {
        return None;
    }
    let shift = u16::from_le_bytes([bytes[0x1E], bytes[0x1F]]);
    if shift != 9 && shift != 12 {
        return None;
    }
    let size = 1usize << shift;
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..start.checked_add(size)?.min(bytes.len())).filter(|s| !s.is_empty())
    };
    let entries =
        |s: &[u8]| -> Vec<u32> { s.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect() };

    // The FAT's own sectors: 109 in the header, then a chain of DIFAT
    // sectors, each ending with the next one's number.
    let mut difat: Vec<u32> = (0..109).filter_map(|k| u32_at(bytes, 0x4C + 4 * k)).collect();
    let mut next = u32_at(bytes, 0x44)?;
    let max_sectors = bytes.len() / size + 1;
    let mut seen = 0;
    while next <= MAX_REGULAR {
        seen += 1;
        if seen > max_sectors {
            return Some("its table of FAT sectors loops back on itself".into());
        }
        let mut more = entries(sector(next)?);
        next = more.pop()?;
        difat.extend(more);
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id <= MAX_REGULAR) {
        fat.extend(entries(sector(id)?));
    }
    if loops(&fat) {
        return Some("a chain of its sectors loops back on itself".into());
    }
    // The MiniFAT is itself a stream: a chain in the FAT.
    let (mini_start, mini_len) = (u32_at(bytes, 0x3C)?, u32_at(bytes, 0x40)?);
    if mini_len > 0 {
        let mut minifat = Vec::new();
        let mut id = mini_start;
        while id <= MAX_REGULAR && (id as usize) < fat.len() {
            minifat.extend(entries(sector(id)?));
            id = fat[id as usize];
        }
        if loops(&minifat) {
            return Some("a chain of its mini sectors loops back on itself".into());
        }
    }
    None
}

/// True when following successors from some entry comes back to an entry
/// of the same walk. Each entry is visited once overall.
fn loops(next: &[u32]) -> bool {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; next.len()];
    for start in 0..next.len() {
        let mut at = start;
        let mut path = Vec::new();
        while at < next.len() && state[at] == NEW {
            state[at] = ON_PATH;
            path.push(at);
            at = next[at] as usize;
        }
        if at < next.len() && state[at] == ON_PATH {
            return true;
        }
        for p in path {
            state[p] = DONE;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 512-byte-sector compound file whose one FAT sector (sector 0)
    /// holds `fat`.
    fn file(fat: &[u32]) -> Vec<u8> {
        let mut b = vec![0u8; 512 * 4];
        b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        b[0x1E] = 9;
        b[0x44..0x48].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        for k in 0..109 {
            let v: u32 = if k == 0 { 0 } else { 0xFFFF_FFFF };
            b[0x4C + 4 * k..0x50 + 4 * k].copy_from_slice(&v.to_le_bytes());
        }
        let mut entries = fat.to_vec();
        entries.resize(128, 0xFFFF_FFFF);
        for (k, v) in entries.iter().enumerate() {
            b[512 + 4 * k..516 + 4 * k].copy_from_slice(&v.to_le_bytes());
        }
        b
    }

    #[test]
    fn a_chain_that_ends_is_fine_and_one_that_loops_is_named() {
        assert_eq!(looping_chain(&file(&[0xFFFF_FFFD, 2, 0xFFFF_FFFE])), None);
        assert_eq!(
            looping_chain(&file(&[0xFFFF_FFFD, 2, 1])).as_deref(),
            Some("a chain of its sectors loops back on itself")
        );
        assert_eq!(
            looping_chain(&file(&[0xFFFF_FFFD, 1])).as_deref(),
            Some("a chain of its sectors loops back on itself")
        );
        assert_eq!(looping_chain(b"PK\x03\x04 not a compound file"), None);
    }

    #[test]
    fn loops_are_found_in_linear_time() {
        let long: Vec<u32> = (1..=1_000_000u32).collect();
        assert!(!loops(&long));
        let mut cyclic = long.clone();
        cyclic[999_999] = 500_000;
        assert!(loops(&cyclic));
    }

    #[test]
    fn the_fuzz_crasher_is_refused() {
        let bytes = include_bytes!("../../tests/fixtures/fuzz/workbook-xls-cyclic-sector-chain.xls");
        assert!(looping_chain(bytes).is_some());
    }
}
