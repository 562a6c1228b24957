"""Digital-maturity self-assessment: a firm's own assessments, answers and the platform's
proposals, the result and the PDF report; the zone office's levels across firms and its
import of the licensed requirement texts."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Query, Response, UploadFile, status

from suigang.api.deps import LANG_PATTERN, CurrentActor, DbSession
from suigang.api.files import download, read_upload
from suigang.domains.maturity import service
from suigang.domains.maturity.catalogue import MAX_CATALOGUE_BYTES
from suigang.domains.maturity.schemas import (
    AnswerRead,
    AnswersSet,
    AssessmentCreate,
    AssessmentRead,
    FirmLevelRead,
    GapRead,
    OutcomeRead,
    ProposalDecision,
    RequirementImport,
    RequirementRead,
    RoadmapRead,
)
from suigang.domains.maturity.wording import requirement_text

router = APIRouter(tags=["maturity"])
Lang = Annotated[str, Query(pattern=LANG_PATTERN)]


@router.get("/maturity/assessments", response_model=list[AssessmentRead])
def list_assessments(actor: CurrentActor, session: DbSession) -> list[AssessmentRead]:
    """The caller's firm's assessments, newest first."""
    rows = service.list_assessments(session, actor=actor)
    return [AssessmentRead.model_validate(r) for r in rows]


@router.post(
    "/maturity/assessments", response_model=AssessmentRead, status_code=status.HTTP_201_CREATED
)
def start_assessment(
    data: AssessmentCreate, actor: CurrentActor, session: DbSession
) -> AssessmentRead:
    """Start a draft; the answers the platform can read from the firm's own data are
    proposed at once, each with its evidence and figures."""
    row = service.start_assessment(session, actor=actor, title=data.title)
    return AssessmentRead.model_validate(row)


@router.get("/maturity/assessments/{assessment_id}", response_model=AssessmentRead)
def get_assessment(
    assessment_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> AssessmentRead:
    row = service.get_assessment(session, actor=actor, assessment_id=assessment_id)
    return AssessmentRead.model_validate(row)


@router.delete("/maturity/assessments/{assessment_id}", status_code=status.HTTP_204_NO_CONTENT)
def discard_assessment(
    assessment_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> Response:
    """Delete a draft (a submitted assessment cannot be deleted)."""
    service.discard_assessment(session, actor=actor, assessment_id=assessment_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/maturity/assessments/{assessment_id}/answers", response_model=AssessmentRead)
def answer(
    assessment_id: uuid.UUID, data: AnswersSet, actor: CurrentActor, session: DbSession
) -> AssessmentRead:
    """Set answers (all or nothing: 422 naming the first bad one by its position)."""
    row = service.answer_requirements(
        session, actor=actor, assessment_id=assessment_id,
        answers=[service.AnswerInput(a.subdomain, a.level, a.requirement, a.answer, a.note)
                 for a in data.answers],
    )  # fmt: skip
    return AssessmentRead.model_validate(row)


@router.post(
    "/maturity/assessments/{assessment_id}/proposals/refresh", response_model=AssessmentRead
)
def refresh_proposals(
    assessment_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> AssessmentRead:
    """Read the firm's figures again for the proposals not yet confirmed or overridden."""
    row = service.refresh_proposals(session, actor=actor, assessment_id=assessment_id)
    return AssessmentRead.model_validate(row)


@router.post(
    "/maturity/assessments/{assessment_id}/answers/{answer_id}/decision",
    response_model=AnswerRead,
)
def decide(
    assessment_id: uuid.UUID,
    answer_id: uuid.UUID,
    data: ProposalDecision,
    actor: CurrentActor,
    session: DbSession,
) -> AnswerRead:
    """Confirm a proposal, or override it with another answer and a reason (audited)."""
    row = service.decide_proposal(
        session, actor=actor, assessment_id=assessment_id, answer_id=answer_id,
        answer=data.answer, reason=data.reason,
    )  # fmt: skip
    return AnswerRead.model_validate(row)


@router.post("/maturity/assessments/{assessment_id}/submit", response_model=AssessmentRead)
def submit(assessment_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> AssessmentRead:
    """Submit (a firm's admin): 409 while a proposal waits to be confirmed or overridden."""
    row = service.submit_assessment(session, actor=actor, assessment_id=assessment_id)
    return AssessmentRead.model_validate(row)


@router.get("/maturity/assessments/{assessment_id}/result", response_model=OutcomeRead)
def result(
    assessment_id: uuid.UUID, actor: CurrentActor, session: DbSession, lang: Lang = "en"
) -> OutcomeRead:
    """Level and score, element scores per level (the radar), gaps at the next level with
    the requirement texts in ``lang``, and the roadmap of platform features."""
    _, out = service.assessment_outcome(session, actor=actor, assessment_id=assessment_id)
    r = out.result
    return OutcomeRead(
        level=r.level,
        score=float(r.score),
        score_exact=str(r.score),
        level_scores={str(k): None if v is None else float(v) for k, v in r.level_scores.items()},
        counted_levels=list(r.counted_levels),
        radar={str(k): v for k, v in out.radar.items()},
        gaps=[
            GapRead(subdomain=g.subdomain, level=g.level, requirement=g.requirement,
                    answer=g.answer, score=None if g.score is None else float(g.score),
                    impact=None if g.impact is None else float(g.impact),
                    text=requirement_text(g.requirement_text, lang),
                    features=[f.key for f in g.features])
            for g in out.gaps
        ],
        roadmap=[
            RoadmapRead(feature=f.key, name=f.name(lang), path=f.path, subdomains=list(codes))
            for f, codes in out.roadmap
        ],
        answered=out.answered,
        pending=out.pending,
        catalogue=out.catalogue,
    )  # fmt: skip


@router.get(
    "/maturity/assessments/{assessment_id}/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def report(
    assessment_id: uuid.UUID, actor: CurrentActor, session: DbSession, lang: Lang = "en"
) -> Response:
    """The assessment as a PDF in ``lang``."""
    name, pdf = service.assessment_report(
        session, actor=actor, assessment_id=assessment_id, lang=lang
    )
    return download(pdf, "application/pdf", name)


@router.get("/maturity/levels", response_model=list[FirmLevelRead])
def zone_levels(actor: CurrentActor, session: DbSession) -> list[FirmLevelRead]:
    """Each firm's latest submitted level and score (the zone office; never the answers)."""
    return [FirmLevelRead.model_validate(f) for f in service.zone_levels(session, actor=actor)]


@router.get("/maturity/requirements", response_model=list[RequirementRead])
def requirements(actor: CurrentActor, session: DbSession) -> list[RequirementRead]:
    """The requirement catalogue in use (the team's summaries until the zone office imports
    the licensed texts)."""
    rows = service.list_requirements(session, actor=actor)
    return [RequirementRead.model_validate(r) for r in rows]


@router.post("/maturity/requirements/import", response_model=RequirementImport)
def import_requirements(
    file: Annotated[UploadFile, File()], actor: CurrentActor, session: DbSession
) -> RequirementImport:
    """The zone office replaces the catalogue with a licensed copy (CSV
    ``subdomain,level,requirement,text_zh_hans,text_zh_hant,text_en``); 422 naming the
    first bad line, and nothing stored."""
    stored = service.import_requirements(
        session, actor=actor, content=read_upload(file, MAX_CATALOGUE_BYTES),
        filename=file.filename or "requirements.csv",
    )  # fmt: skip
    return RequirementImport(stored=stored)
