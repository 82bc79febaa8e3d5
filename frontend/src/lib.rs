//! The WebAssembly entry point: hydrates the islands, and nothing else.

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    #[expect(
        unused_imports,
        reason = "links the islands of the app crate into the bundle"
    )]
    use app::*;
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
