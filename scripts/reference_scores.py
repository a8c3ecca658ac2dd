"""Print the grouped-CV score table of the shipped reference models (from their meta.json),
as it appears in docs/reference.md:  .venv/bin/python scripts/reference_scores.py"""
from __future__ import annotations

import json
from pathlib import Path

MODELS = Path(__file__).resolve().parents[1] / "models"
VARIANTS = (("framing", "framing"), ("framing+lexical", "framing+lexical"), ("tfidf_baseline", "TF-IDF baseline"))


def rows(meta: dict) -> list[str]:
    out = []
    for label in meta["labels"]:
        for key, shown in VARIANTS:
            v = label["validation"].get(key)
            if v is None:
                continue
            name = f"**{shown} (served)**" if key == label["served"] else shown
            majority = v.get("majority_baseline_accuracy", "") if key == "framing" else ""
            out.append(f"| {label['name']} | {name} | {v['accuracy']:.3f} | {v['macro_f1']:.3f} | "
                       f"{v['roc_auc']:.3f} | {v['calibration']['brier']:.3f} | "
                       f"{v['calibration']['ece']:.3f} | {majority if majority == '' else f'{majority:.3f}'} |")
    return out


def main() -> None:
    print("| label | variant | accuracy | macro-F1 | ROC-AUC | Brier | ECE | majority acc. |")
    print("|---|---|---|---|---|---|---|---|")
    for name in ("hyperpartisan", "allsides"):
        print("\n".join(rows(json.loads((MODELS / name / "meta.json").read_text(encoding="utf-8")))))


if __name__ == "__main__":
    main()
