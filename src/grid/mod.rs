//! Table reconstruction: ruled grids from rulings, unruled tables from how text aligns, and
//! outline tables from rows that kept their cells' order but not their columns.

pub mod columns;
pub mod outline;
pub mod pages;
pub mod ruled;
pub mod split;
pub mod stacked;
pub mod stream;
pub mod strip;
pub mod stub;

pub use ruled::{ruled_grids, CellBox, Grid};
