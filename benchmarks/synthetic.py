"""A synthetic portfolio of N projects: valid per the contract, realistic in size (~5 KB a file).

Deterministic for a given N and seed, so runs are comparable.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RAGS = ["green", "amber-green", "amber", "amber-red", "red"]
STAGES = ["proposal", "initiation", "planning", "delivery", "delivery", "delivery", "closing", "closed"]
WORDS = (
    "supplier data migration contract design build test training rollout benefits council housing "
    "roads schools care digital platform network estate energy retrofit procurement budget board"
).split()
REPORTING = date(2026, 11, 20)


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def project(rng: random.Random, number: int, programmes: list[str]) -> dict:
    stage = rng.choice(STAGES)
    start = REPORTING - timedelta(days=rng.randint(30, 900))
    end = start + timedelta(days=rng.randint(180, 1200))
    approved = float(rng.randint(40, 20000) * 1000)
    item: dict = {
        "id": f"P-{number:05d}",
        "name": f"{sentence(rng, 4)[:-1]} {number}",
        "stage": stage,
        "summary": f"{sentence(rng, 18)} **{sentence(rng, 4)}**\n\n- {sentence(rng, 8)}\n- {sentence(rng, 8)}\n",
        "programme": rng.choice(programmes),
        "objectives": rng.sample(["obj-1", "obj-2", "obj-3", "obj-4", "obj-5", "obj-6"], rng.randint(0, 2)),
        "sponsor": f"Sponsor {rng.randint(1, 60)}",
        "manager": f"Manager {rng.randint(1, 300)}",
        "start": start,
        "end": end,
        "forecast_end": end + timedelta(days=rng.choice([0, 0, 14, 30, 60, 120])),
        "budget": {
            "approved": approved,
            "actual": round(approved * rng.uniform(0, 0.9)),
            "forecast": round(approved * rng.uniform(0.9, 1.3)),
        },
        "updates": [
            {
                "date": REPORTING - timedelta(days=7 + 30 * k + rng.randint(0, 5)),
                "overall": rng.choice(RAGS),
                "schedule": rng.choice(RAGS),
                "cost": rng.choice(RAGS),
                "scope": rng.choice(RAGS),
                "risk": rng.choice(RAGS),
                "summary": sentence(rng, 25),
            }
            for k in range(6)
        ],
        "milestones": [
            {
                "name": sentence(rng, 4),
                "due": start + timedelta(days=60 * (k + 1)),
                **(
                    {"done": start + timedelta(days=60 * (k + 1) + rng.randint(-5, 20))}
                    if start + timedelta(days=60 * (k + 1)) < REPORTING and rng.random() < 0.8
                    else {}
                ),
                **({"forecast": start + timedelta(days=60 * (k + 1) + 30)} if rng.random() < 0.3 else {}),
            }
            for k in range(6)
        ],
        "risks": [
            {
                "id": f"R{k + 1}",
                "title": sentence(rng, 7),
                "probability": rng.randint(1, 5),
                "impact": rng.randint(1, 5),
                "owner": f"Owner {rng.randint(1, 99)}",
                "mitigation": sentence(rng, 12),
                "status": rng.choice(["open", "open", "closed"]),
            }
            for k in range(6)
        ],
        "issues": [
            {
                "id": f"I{k + 1}",
                "title": sentence(rng, 7),
                "severity": rng.choice(["low", "medium", "high", "critical"]),
                "owner": f"Owner {rng.randint(1, 99)}",
                "status": rng.choice(["open", "closed"]),
                "due": REPORTING + timedelta(days=rng.randint(-30, 60)),
            }
            for k in range(3)
        ],
        "changes": [
            {
                "id": f"C{k + 1}",
                "title": sentence(rng, 6),
                "status": rng.choice(["requested", "approved", "rejected"]),
                "cost_impact": float(rng.randint(-50, 200) * 1000),
                "schedule_impact_days": rng.randint(-10, 60),
            }
            for k in range(2)
        ],
        "dependencies": sorted({f"P-{rng.randint(1, number - 1):05d}" for _ in range(2)}) if number > 2 else [],
        "links": [
            {"title": "Business case", "url": f"https://intranet.example/p/{number}/bc"},
            {"title": "Plan", "url": f"https://intranet.example/p/{number}/plan"},
        ],
        "tags": rng.sample(WORDS, 3),
    }
    if stage == "proposal":
        item["budget"] = {"approved": approved, "pool": rng.choice(["pool-1", "pool-2"])}
        item["scores"] = {c: rng.randint(0, 5) for c in ("value", "fit", "risk", "ease")}
        del item["updates"]
    return item


def make_portfolio(target: Path, count: int, seed: int = 7) -> Path:
    """Write ``target/{portfolio,roles}.yaml`` and ``count`` project files; return ``target``."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "projects").mkdir(parents=True)
    programmes = [f"prog-{k}" for k in range(1, 9)]
    portfolio = {
        "organisation": "Synthetic Council",
        "currency": "GBP",
        "reporting_date": REPORTING,
        "programmes": [{"id": p, "name": f"Programme {p[-1]}", "director": f"Director {p[-1]}"} for p in programmes],
        "objectives": [{"id": f"obj-{k}", "name": f"Objective {k}"} for k in range(1, 7)],
        "budget_pools": [
            {"id": "pool-1", "name": "Revenue", "amount": 5e7},
            {"id": "pool-2", "name": "Capital", "amount": 2e8},
        ],
        "scoring": {
            "criteria": [
                {"id": c, "name": c.title(), "weight": w}
                for c, w in (("value", 40), ("fit", 30), ("risk", 20), ("ease", 10))
            ]
        },
    }
    (target / "portfolio.yaml").write_text(yaml.safe_dump(portfolio, sort_keys=False), encoding="utf-8")
    shutil.copy(ROOT / "data" / "roles.yaml", target / "roles.yaml")
    for number in range(1, count + 1):
        data = project(rng, number, programmes)
        (target / "projects" / f"{data['id']}.yaml").write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
        )
    return target
