import { enrollResponseSchema, pushResponseSchema, type EnrollResponse } from '../../../../shared/sync/protocol';
import type { FeedbackCategory } from '../../../../shared/domain/feedback';
import { KioskOutbox } from '../../../../server/test/pushFixtures';
import type { DashboardCounty } from './county';

/**
 * A village kiosk that exists only as HTTP calls: enrolled with a real code and pushing what a
 * kiosk's outbox holds (server/test/pushFixtures), so the dashboard reads cases that arrived the
 * way real ones do. For tests that need data in the county without driving a kiosk's UI.
 */
export class HttpKiosk {
  private pushedThrough = 0;

  private constructor(
    private readonly county: DashboardCounty,
    readonly enrolled: EnrollResponse,
    readonly outbox: KioskOutbox,
  ) {}

  static async enrol(county: DashboardCounty, villageCode: string, deviceName = 'seed kiosk'): Promise<HttpKiosk> {
    const code = await county.enrollCode(villageCode);
    const response = await fetch(`${county.origin}/api/v1/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, deviceName }),
    });
    if (!response.ok) throw new Error(`enrolment failed: ${response.status} ${await response.text()}`);
    const enrolled = enrollResponseSchema.parse(await response.json());
    return new HttpKiosk(county, enrolled, new KioskOutbox(enrolled.deviceId, villageCode));
  }

  /** A case created (and optionally accepted) at the kiosk; returns its receipt number. */
  createCase(options: { accepted?: boolean } = {}): string {
    const created = this.outbox.createCase();
    if (options.accepted === true) this.outbox.transition(created.caseId, 'accepted');
    return created.receiptNo;
  }

  /** A resident's feedback of the given category; returns its ticket number. */
  feedback(category: FeedbackCategory, text: string): string {
    const feedback = this.outbox.feedback();
    // The outbox queues the body by reference and sends it only on push: setting these now is what is sent.
    feedback.category = category;
    feedback.text = text;
    return feedback.ticketNo;
  }

  /** Sends everything queued since the last push; fails when the county rejects any entry. */
  async push(): Promise<void> {
    const entries = this.outbox.entries.slice(this.pushedThrough);
    const response = await fetch(`${this.county.origin}/api/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.enrolled.token}` },
      body: JSON.stringify({ deviceId: this.enrolled.deviceId, epoch: 1, entries }),
    });
    if (!response.ok) throw new Error(`push failed: ${response.status} ${await response.text()}`);
    const answer = pushResponseSchema.parse(await response.json());
    if (answer.rejected.length > 0) throw new Error(`the county rejected: ${JSON.stringify(answer.rejected)}`);
    this.pushedThrough = this.outbox.entries.length;
  }
}
