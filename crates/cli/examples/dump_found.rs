//! Throwaway: dumps found attributions per document as JSON lines (error analysis).
use cli::evaluation::attributions::*;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let model = engines::extract::entities::EntityModel::from_bytes(cli::ENTITY_MODEL).unwrap();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let doc: AttributionDocument = serde_json::from_str(line).unwrap();
        let analysis = engines::extract::analyse_text(&doc.text, Some(&model), None);
        let found = with_reported(&analysis.quotes, &as_reported(&analysis.reported));
        let f: Vec<_> = found.iter().map(|f| serde_json::json!({
            "content":[f.content.start,f.content.end],
            "source":f.source.map(|s|[s.start,s.end]),
            "cue":f.cue.map(|s|[s.start,s.end])})).collect();
        println!("{}", serde_json::json!({"id":doc.id,"found":f}));
    }
}
