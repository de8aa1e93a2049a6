//! Table reconstruction from page layout: ruled grids from rulings, and unruled tables from
//! how text aligns.

pub mod ruled;
pub mod stream;

pub use ruled::{ruled_grids, CellBox, Grid};
