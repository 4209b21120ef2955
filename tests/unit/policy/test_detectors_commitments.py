# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The commitment detector reads assurances, certainty and outcome claims wherever they
stand in the sentence, takes the category from the sentence's topic, and lets denied,
hedged, asked and reported forms through."""

from __future__ import annotations

import pytest

from aiframe.policy.detectors import detect


def categories(text: str) -> set[str]:
    return {f.category for f in detect(text, "commitment")}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # an assurance idiom before, after or apart from the claim
        ("Mark my words, the overpayment comes back to you this week.", "refund"),
        ("Your delivery fee will be waived, you have my word.", "discount"),
        ("The booking fee won't be charged, guaranteed.", "discount"),
        ("Take it to the bank, the parcel arrives tomorrow.", "delivery"),
        ("We'll match that $450 quote, I promise.", "price"),
        ("The judge will rule in your favour, I guarantee it.", "legal"),
        ("Consider it done, your account will be unlocked by tonight.", "general"),
        ("Your next oil change is free, and that's a promise.", "discount"),
        ("The fare won't change between now and your trip, no doubt about it.", "price"),
        ("Hand on heart, the driver will turn up before 9.", "delivery"),
        ("Don't you worry, the package lands on your doorstep tomorrow.", "delivery"),
        ("Count on a 15 percent discount at checkout.", "discount"),
        ("You can rely on the courier turning up before noon.", "delivery"),
        ("I'd stake my reputation on it: the repair holds.", "general"),
        ("The lawsuit is dropped once you sign, you can hold me to that.", "legal"),
        ("It's in the bag, your visit is covered by the plan.", "price"),
        ("No two ways about it, the garnishment ends this month.", "legal"),
        ("That's a done deal: the interest stops today.", "general"),
        # certainty on a future or present outcome
        ("You'll definitely get 20% off the next visit.", "discount"),
        ("The courier will definitely be at your door before 5.", "delivery"),
        ("The outage will definitely be over within the hour.", "general"),
        ("Medicare will definitely cover the whole procedure.", "price"),
        ("You definitely won't be sued for the remaining balance.", "legal"),
        ("The technician's parts will arrive by Wednesday without fail.", "delivery"),
        ("The repair is going to last for years, 100 percent.", "general"),
        ("Your $212 is definitely on its way back to you.", "refund"),
        # bare outcome claims: future, progressive, dated present
        ("Your sofa will be delivered on Saturday morning.", "delivery"),
        ("The remaining balance will be forgiven after six payments.", "general"),
        ("Your loan will be approved by Friday.", "general"),
        ("The lawsuit will be withdrawn once you sign the plan.", "legal"),
        ("Every penny you paid for the cancelled scan will be given back to you.", "refund"),
        ("Your copay will stay at $20 for the whole year.", "price"),
        ("The price of the sofa won't go up before Saturday.", "price"),
        ("Equifax will delete the late payment by Friday.", "general"),
        ("The whole $74 is being put back on your Mastercard as we speak.", "refund"),
        ("We're writing off the late fee this once.", "discount"),
        ("The admin fee is being dropped for you.", "discount"),
        ("The quote of $320 is locked in for you until Friday.", "price"),
        ("Your reimbursement for the taxi fare will come through next week.", "refund"),
        ("Your next cleaning is on the house.", "discount"),
        # the agent's own pledges
        ("I'll make sure the error is removed from your credit report.", "general"),
        ("I'll see to it that no one takes you to court over this.", "legal"),
        ("I'll knock $15 off the bill for you.", "discount"),
        ("I'm taking 10% off tonight's bill for the wait.", "discount"),
        ("I'll lock in the $299 price until the end of the month.", "price"),
        ("We will stop all legal proceedings today.", "legal"),
        ("I'll get the bank to accept the lower payment.", "general"),
        ("We'll get the new router to you by Monday.", "delivery"),
        ("I'll put a $20 voucher on your account for the inconvenience.", "discount"),
        # double negation: what follows "no way" is bad news
        ("There's no way you'll be charged the admin fee.", "discount"),
        ("There is no way the price goes up before Friday.", "price"),
        ("No way will your appeal be turned down.", "legal"),
        ("There's no chance the replacement has the same fault.", "general"),
    ],
)
def test_commitments_wherever_they_stand(text: str, category: str) -> None:
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        # denied, asked, hedged, reported
        "I can't say for sure when it will arrive.",
        "I don't know for sure whether the fee will be waived.",
        "It wouldn't be right of me to promise the fee will be dropped.",
        "That's not something I can guarantee, but I'll ask.",
        "There's no guarantee the slot will still be free tomorrow.",
        "Will the refund go to my card?",
        "Shall I check whether the fee can be waived?",
        "Refunds usually arrive within 5 to 7 business days.",
        "It should be with you by Thursday.",
        "Your order will arrive on Friday, though that's only the courier's estimate.",
        "You said the courier promised it would arrive yesterday.",
        "The previous agent said the fee would be waived; I'll need to check that.",
        "Tracking says it's out for delivery today.",
        # "no way" before good news refuses it
        "There's no way the fee will be waived.",
        "No chance the refund goes through today.",
        "There's no way for me to change that from here.",
        # reassurance without a claim
        "Trust me, I understand how frustrating that is.",
        "Take it from me, the app is the easiest way to track it.",
        "The bottom line on your statement shows the total.",
        "No matter what time you call, someone will answer.",
        # the agent's own errands and ordinary procedure
        "I'll definitely check on that for you.",
        "I would definitely recommend the newer model.",
        "Absolutely, I can look into that.",
        "I'll make sure the team gets your message.",
        "I'll get that sorted for you now.",
        "I'll check with the warehouse and call you back tomorrow.",
        "The nurse will call you before your visit.",
        "We'll send a reminder two days before.",
        # messages and people arrive and come back without anybody promising it
        "Your new card will arrive in the post within 7 days.",
        "The confirmation email will arrive in a few minutes.",
        "Dr. Patel will be back on Thursday.",
        # facts and policy
        "The fee was waived last month.",
        "Interest is frozen while the plan is active.",
        "Orders over 50 dollars ship for free.",
        "Late fees are waived for members.",
        "The fabric is 100 percent cotton.",
        "The battery charges to 100 percent in about two hours.",
    ],
)
def test_denied_hedged_asked_and_ordinary_sentences_are_not_commitments(text: str) -> None:
    assert categories(text) == set()


def test_a_promise_names_every_category_its_topic_needs() -> None:
    # a credit report sits between legal and general: packs name either
    assert categories("Paying today will fix your credit score, I promise.") >= {"general", "legal"}
    # legal wins over the money it is about
    assert categories("I promise the billing law protects you from the $40 fee.") == {"legal"}
    # money coming back is a refund even when it arrives by a date
    assert categories("Your refund will definitely arrive by Friday.") == {"refund"}
