"""Jobs: status, list and cancel of long work from any server; scenario sweeps and report
jobs."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from suigang.api.deps import CurrentActor, DbSession
from suigang.domains.jobs import service, work
from suigang.domains.jobs.schemas import CertificatesCreate, JobRead, SweepCreate
from suigang.domains.planning import service as planning

router = APIRouter(tags=["jobs"])


@router.get("/jobs", response_model=list[JobRead])
def list_jobs(actor: CurrentActor, session: DbSession, kind: str | None = None) -> list[JobRead]:
    """The firm's newest jobs that the caller may see."""
    return [JobRead.model_validate(j) for j in service.list_jobs(session, actor=actor, kind=kind)]


@router.get("/jobs/{job_id}", response_model=JobRead)
def job_status(job_id: str, actor: CurrentActor, session: DbSession) -> JobRead:
    """A job's state and progress; a plan search's ``result`` is the new plan's id, a sweep's
    the scenarios' plans best first."""
    job = service.get_job(session, actor=actor, job_id=job_id)
    if job.kind == "sweep":
        job = planning.sweep_status(session, actor=actor, job_id=job_id)
    return JobRead.model_validate(job)


@router.post("/jobs/{job_id}/cancel", response_model=JobRead)
def cancel_job(job_id: str, actor: CurrentActor, session: DbSession) -> JobRead:
    """Ask the job to stop; whichever server runs it stops it within a second or so."""
    return JobRead.model_validate(service.cancel_job(session, actor=actor, job_id=job_id))


@router.post("/plans/sweeps", response_model=JobRead, status_code=status.HTTP_202_ACCEPTED)
def start_sweep(
    data: SweepCreate, actor: CurrentActor, session: DbSession, request: Request
) -> JobRead:
    """Search several what-if plans at once; poll ``GET /jobs/{id}`` for the comparison."""
    scenarios = [planning.Scenario(s.name, s.time_limit_s, s.seed) for s in data.scenarios]
    sweep_id = planning.start_sweep(
        session, actor=actor, settings=request.app.state.settings, scenarios=scenarios
    )
    return JobRead.model_validate(service.get_job(session, actor=actor, job_id=sweep_id))


@router.post("/lots/certificates/jobs", response_model=JobRead, status_code=202)
def start_certificates(
    data: CertificatesCreate, actor: CurrentActor, session: DbSession, request: Request
) -> JobRead:
    """Make the certificates of many lots as one report job."""
    job_id = work.start_certificates(
        session, actor=actor, settings=request.app.state.settings, lot_ids=data.lot_ids
    )
    return JobRead.model_validate(service.get_job(session, actor=actor, job_id=job_id))
