//! The Web Locks API (`navigator.locks`): run a piece of work while no other tab of this site
//! holds the same lock, so that two tabs never interleave a read-modify-write of localStorage.
//!
//! web-sys has the API only behind `web_sys_unstable_apis`, so the one method used is bound here.
//! Where the API is missing (an insecure context, an old browser) the work runs at once: the
//! merge on every storage event still makes the tabs converge.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    type LockManager;

    #[wasm_bindgen(method, js_name = request)]
    fn request(this: &LockManager, name: &str, callback: &js_sys::Function) -> js_sys::Promise;
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into())
}

/// Runs `work` holding the lock `name` (at once if the browser has no Web Locks). The work is
/// synchronous, so the lock is released as soon as it returns.
pub fn with_lock(name: &str, work: impl FnOnce() + 'static) {
    let Some(locks) = lock_manager() else {
        work();
        return;
    };
    let callback = Closure::once_into_js(move |_lock: JsValue| {
        work();
    });
    let promise = locks.request(name, callback.unchecked_ref());
    // A refused request (the page is going away) is not an error worth an unhandled rejection.
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}

/// A lock request that is made at most once until it is granted: a burst of saves while another
/// tab holds the lock becomes one save of the latest state.
#[derive(Clone, Default)]
pub struct CoalescedLock {
    pending: Rc<Cell<bool>>,
}

impl CoalescedLock {
    /// Asks for the lock `name` to run `work`, unless a request is already waiting.
    pub fn request(&self, name: &str, work: impl FnOnce() + 'static) {
        if self.pending.replace(true) {
            return;
        }
        let pending = self.pending.clone();
        with_lock(name, move || {
            pending.set(false);
            work();
        });
    }
}
