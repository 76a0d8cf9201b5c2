"""Held-out question sets: written by helpers who never saw the engine, scored once, frozen.

A held-out set may never be edited after it has been scored (a changed set would no longer
measure what was reported); a new one is written instead. Their scores are in the README.
"""

from __future__ import annotations

import hashlib

import pytest

from benchmarks.sets import HELDOUT_DIR, ROOT, heldout_sets, load

# SHA-256 of each held-out set as it was when it was scored.
FROZEN = {
    "heldout_questions.yaml": "0b14df9952a04cacff7f5139ac90ba0157e2fec4e34f1d0b2c09d14026637a7f",
    "heldout4_questions.yaml": "ec224be76bd2ecc8a335c954a992039984eab0497b9c6d06aae142af6c374c63",
    "chinese_h1.yaml": "8aafc6cd7f8c1bf257cfe2d2a6140e5464a67da97c9ced8cd6f9d5f8d4a2bced",
    "dialogues_h1.yaml": "4c9da16ba844a7a318fe1c92bb2db8a16777f46e72b396db80dd6866883324ac",
    "dialogues_h2.yaml": "0cf54b77b57eefb547150a7b3a62b29a8ef2eb56bd59fa0e3468c1994e6d1820",
    "dialogues_h3.yaml": "c971f0d4c662e222f54298313b9779f3fcabaa81bf6a12b9ff0e5abad7986fea",
    "dialogues_h4.yaml": "9551b8490b1978ac7bdb4f48b7f73d6d2fb78c98f311cd62bc70ab6bf4b84efe",
    "dialogues_h5.yaml": "e1e09c692a6087cf5a1375ef6488a7623786ab12399fea7aff77e26cc7d56bd8",
    "general_h1.yaml": "f3764f218d82706c238e2e4fb3fbc877f1378bbfa972bc23b50da7c49205c5d4",
    "smalltalk_h1.yaml": "a9ed88ee46a66e349ac4003478939e37810771a93929dd3f7faf0e6b5b22ab59",
    "statements_h1.yaml": "c8a12d66d9943aa4f81a92bf9f254e74e76ea090c7d65634b4c92d6c030b72af",
    "statements_h2.yaml": "e3e9e0f6e3d0cb95fe5d7ebaf15fe6bf1f3a502de6887256cadbbe471b9e17a7",
    "chinese_h2.yaml": "32a41cfd01e741838d45c0f2d7d5f969b11f77c98a8f25d3fc54bbef65ca2fd5",
    "statements_h3.yaml": "6e8b6874c867998b76246982317d62780fb0232f243deef16dac0c442cf8fef0",
    "dialogues_h6.yaml": "76ffc59aa454904b228a22aede56f123b355fb33d3524619ea5d503e22588977",
    "smalltalk_h2.yaml": "79fbddb562116e0919a52862544aef11233caa5a9a458d0257400f43ae622895",
    "statements_h4.yaml": "c8cefd4649674e99be1d0065edf9e77b1e77ca0a0c6a38ee8d225e94fca7d123",
    "chinese_h3.yaml": "c0f15ff656e3a7f059f6839f07dfae7a696909c796e3cc5ba75046ea09b0e359",
    "dialogues_h7.yaml": "8c791858ab7eedd45bcab94bfc223ebc45557de9b836076b558e831b33ad4f66",
    "smalltalk_h3.yaml": "96c8a261534453a8086c1c8f7e12c48019e55e0c610d4db3c4db9edc9bbb9549",
    "statements_h5.yaml": "6d06fea6955b3904dc6b5a3d9c7bef81d94e6b8bae9c8afc7ba86f160a499cef",
    "chinese_h4.yaml": "a23d173cec9dc8778a10682bf4a7755257c8d7b6edd8d8ab86b6e092b56677c9",
    "dialogues_h8.yaml": "a79163ec2785f609ac5eb50421caf64330608af44d2f6557048f96e02b22972e",
    "smalltalk_h4.yaml": "75d7945f3397277e2ca0772d54cf42c18102357f0b641d4169987b70aa7caabe",
    "chinese_h5.yaml": "0331f8bdbf23f8e5ed96d39a29f1a382ae355fa6b098b6ecb402c71a2d6d9642",
    "dialogues_h9.yaml": "b4ad88ec107a08d6ed3b23b20bac5e064cd8556ae8e1cc126b9a81c943359970",
    "dialogues_h10.yaml": "d2665b12a63388cfd45e28a37a620e99d884a59430d62c12c6788c72f1aca527",
    "dialogues_h11.yaml": "4877e20c0e8061cac7ecac25af37c4c9b2eb459582d00b5427959abd53d0e29a",
    "statements_h6.yaml": "03e0dcd6ad409a5b60631355f4481dbdb348f2a04a3fb27dd3740cd4c6b89abb",
    "chinese_h6.yaml": "b28b1388c9e0eee325bd12f6554ff6c0dbc789b6f29324ae31d36318170d5515",
    "dialogues_h12.yaml": "b54e7fafff8d725ad624373967e966fad28283207d0fed04e2039bfa53014529",
    "statements_h7.yaml": "3e0214dcee96566ef2f2b510fc9ac76609e589d19e5f5453aa5a09ad47f9aebc",
    "chinese_h7.yaml": "b4b434b45137d20dcb1adb47e7ea93fb6c1509b8318395987810b5941177e81c",
    "dialogues_h13.yaml": "bb2ac87da258c460710184ad43b47f826050852f2bb6b2860beef342bb133383",
    "statements_h8.yaml": "f9c8f524274eb57de491b349b8c8cbdea56e0c6406695f8892214f2a581bc964",
    "chinese_h8.yaml": "2d9db28a24c1fdd095f82b1d3b7788d02cf50f4a0257aa53ec418acdf7e14313",
    "dialogues_h14.yaml": "3494304a541b4c2732dc71fb42b12aa6b060a4aed80158c5bdc9e824e2efd72f",
    "statements_h9.yaml": "07859c1931b0a5285eb2eff7caab89c18de96ba28a14304fb57e0ae1b7edc6cd",
    "chinese_h9.yaml": "eb59c894f830bf445dd28d65b63ec30fa4de9a83872b097a3ec97e47751f050a",
    "dialogues_h15.yaml": "1fc178591202c490560faeba486239cac9861dfcd7f004a52c4509fcce1bcf29",
    "smalltalk_h5.yaml": "bb352f3380ae8d772cdf025d6f31f6e92ed898a3ba591e36cc1d097d23ffdd9c",
    "statements_h10.yaml": "0ff78f2270ae001d7e0c190a5d0b0777e6cd838b80264ba6751aaf1ea80488a0",
    "chinese_h10.yaml": "71fae9fb9cd895f989cce16e6dc39fa5f1a27faef5b47c9e85d596dd117438f6",
    "dialogues_h16.yaml": "776e77540f740a4a43a8d0a354ea55d2894e77086d3687d64b9d54d46985cdd0",
    "smalltalk_h6.yaml": "e7011faa1e2340bab5aa0edc694bb94e27b83542648f0372dfaba4605bbe61c9",
}


@pytest.mark.parametrize("path", heldout_sets(), ids=lambda p: p.name)
def test_a_scored_held_out_set_is_never_edited(path: object) -> None:
    name = getattr(path, "name", "")
    assert name in FROZEN, f"{name}: a new held-out set needs its SHA-256 here once scored"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()  # type: ignore[attr-defined]
    assert digest == FROZEN[name], f"{name} changed after it was scored: write a new set"


def test_every_frozen_set_is_still_there() -> None:
    names = {p.name for p in heldout_sets()}
    assert set(FROZEN) <= names


def test_held_out_expectations_are_verbatim_passages_of_the_report() -> None:
    report = " ".join((ROOT / "knowledge" / "report.txt").read_text(encoding="utf-8").split())
    for path in sorted(HELDOUT_DIR.glob("*.yaml")):
        for dialogue in load(path):
            for turn in dialogue.turns:
                for passage in turn.expect:
                    assert " ".join(passage.split()) in report, (path.name, passage)
