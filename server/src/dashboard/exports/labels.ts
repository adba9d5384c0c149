import type { CaseState } from '../../../../shared/domain/case';
import type { DisbursementStatus } from '../../../../shared/domain/disbursement';
import type { FeedbackCategory, FeedbackSubject } from '../../../../shared/domain/feedback';
import { maskIdNumber } from '../../../../shared/privacy/masking';

/** The kiosk's own wording (renderer/src/i18n/zh-CN), so a printed export reads like the screens. */
export const CASE_STATE_LABELS: Record<CaseState, string> = {
  entrusted: '已委托',
  accepted: '已受理',
  declined: '不予受理',
  awaitingMaterials: '材料待补',
  submitted: '已报送/承办中',
  completed: '已办结',
  handedBack: '已回交',
  terminated: '已终止',
  renewed: '续办',
};

export const FEEDBACK_CATEGORY_LABELS: Record<FeedbackCategory, string> = { objection: '异议', consultation: '咨询', complaint: '投诉', suggestion: '建议' };

export const DISBURSEMENT_STATUS_LABELS: Record<DisbursementStatus, string> = { paid: '已发放', pending: '待发放', failed: '发放失败', returned: '已退回' };

export function describeFeedbackSubject(subject: FeedbackSubject): string {
  switch (subject.kind) {
    case 'program':
      return `补贴项目 ${subject.programId}`;
    case 'disbursement':
      return `发放记录 ${subject.programId} ${subject.disbursementId}`;
    case 'case':
      return `办件 ${subject.caseId}`;
    case 'general':
      return '一般';
  }
}

const FULL_ID_NUMBER = /(?<!\d)\d{17}[\dXx](?![\dXx])/g;

/**
 * Residents sometimes type their ID number into free text. An export leaves the system as a file,
 * so any full ID number in such text is masked like everywhere else.
 */
export function maskIdNumbersIn(text: string): string {
  return text.replace(FULL_ID_NUMBER, (id) => maskIdNumber(id));
}
