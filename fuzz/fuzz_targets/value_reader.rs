//! The lenient value readers on any text: never a panic, and a number read
//! is always finite and within the amount bound.
#![no_main]

use calamine::Data;
use libfuzzer_sys::fuzz_target;
use tierbook::value::{self, DecimalMark, NumberError};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for mark in [
        DecimalMark::default(),
        DecimalMark { mark: ',', explicit: false },
        DecimalMark { mark: ',', explicit: true },
        DecimalMark { mark: '.', explicit: true },
    ] {
        match value::parse_number_in(&text, mark) {
            Ok(v) => assert!(v.is_finite() && v.abs() <= value::MAX_AMOUNT, "{text:?} -> {v}"),
            Err(NumberError::TwoWays(a, b)) => {
                assert!(a.is_finite() && b.is_finite(), "{text:?}");
                assert!(!mark.explicit, "an explicit mark reads one way: {text:?}");
            }
            Err(NumberError::NotANumber) => {}
        }
    }
    let cell = Data::String(text.to_string());
    let _ = value::number(&cell);
    let _ = value::boolean(&cell);
    let _ = value::date(&cell);
    let _ = value::text(&cell);
    let key = value::id_key(&text);
    assert_eq!(value::id_key(&key), key, "id_key is idempotent for {text:?}");
    if data.len() >= 8 {
        let f = f64::from_le_bytes(data[..8].try_into().unwrap_or_default());
        let _ = value::number(&Data::Float(f));
        let _ = value::text(&Data::Float(f));
        let _ = value::date(&Data::Float(f));
        let _ = value::format_number(f);
    }
});
