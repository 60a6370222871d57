//! End-to-end tests of the `tierbook` binary: fixture books are written,
//! the binary is run on them, and the reports are read back with calamine.

#[macro_use]
mod util;
mod bad_input;
mod batch;
mod batch_night;
mod conservation;
mod criteria_tests;
mod crm;
mod exceptions_review;
mod field_cases;
mod fixtures;
mod formats;
mod plan_delivery;
mod properties;
mod readback;
mod real_books;
mod real_books_shape;
mod regressions;
mod report_layout;
mod report_xml;
mod run_basic;
mod send;
mod templates;
