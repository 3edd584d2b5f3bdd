//! Loading the entity model's bytes: from the single-file page (inlined, base64) or from the
//! page's own `entity-model.bin` (never from anywhere else).

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The model file next to the page.
const MODEL_FILE: &str = "./entity-model.bin";

/// The model's bytes, or a message saying why they could not be had.
pub async fn load_model_bytes() -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    if let Some(element) = document.get_element_by_id("entity-model") {
        let encoded = element.text_content().unwrap_or_default();
        let decoded = window
            .atob(encoded.trim())
            .map_err(|_| "the inlined entity model is damaged".to_owned())?;
        // atob gives one char per byte.
        return Ok(decoded.chars().map(|c| c as u32 as u8).collect());
    }
    let response = JsFuture::from(window.fetch_with_str(MODEL_FILE))
        .await
        .map_err(|_| {
            "the entity model could not be loaded (is the page served with its files?)".to_owned()
        })?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "unexpected fetch result")?;
    if !response.ok() {
        return Err(format!(
            "the entity model could not be loaded (HTTP {})",
            response.status()
        ));
    }
    let buffer = JsFuture::from(
        response
            .array_buffer()
            .map_err(|_| "the entity model could not be read")?,
    )
    .await
    .map_err(|_| "the entity model could not be read".to_owned())?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
