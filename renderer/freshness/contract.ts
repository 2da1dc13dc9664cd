/**
 * The freshness contract: every element of the wall, the topics its picture is drawn from,
 * and how late its data may be before it says "stale since hh:mm:ss". The one table —
 * views name an element, they never carry their own constant. Documented in
 * docs/operations.md ("Freshness contract").
 *
 * The intervals are the protocol's per-topic expected intervals (shared/protocol/topics.ts):
 * the server sends a delta or a keep-alive on every topic at least every 2 s, so a topic
 * silent for its interval means the link or the backend has stopped, not a quiet city.
 */
import { TOPIC_EXPECTED_INTERVAL_MS, type Topic } from '../../shared/protocol';

export interface ElementContract {
  /** The topics the element is drawn from; it is as fresh as the latest-due of them. */
  topics: readonly Topic[];
  /** Late after this long without data, ms. */
  expectedMs: number;
  /** Short name in the health panel (zh, en). */
  label: { zh: string; en: string };
}

const iv = (...topics: Topic[]) => Math.max(...topics.map((t) => TOPIC_EXPECTED_INTERVAL_MS[t]));
const el = (topics: Topic[], zh: string, en: string): ElementContract => ({ topics, expectedMs: iv(...topics), label: { zh, en } });

export const ELEMENTS = {
  // Map layers: the last picture stays drawn, the mark names the layer.
  'map.incidents': el(['incidents'], '地图·警情热力', 'Map · incident heat'),
  'map.units': el(['units'], '地图·警力位置', 'Map · unit positions'),
  'map.cameras': el(['cameras'], '地图·视频点位', 'Map · cameras'),
  'map.drainage': el(['drainage'], '地图·排水', 'Map · drainage'),
  // Dashboard figures and charts.
  'dash.incidents': el(['incidents'], '综合·警情统计', 'Dashboard · incident counts'),
  'dash.waiting': el(['incidents'], '综合·待处警情', 'Dashboard · waiting incidents'),
  'dash.cameras': el(['cameras'], '综合·视频在线率', 'Dashboard · camera rate'),
  'dash.faceHits': el(['face-hits'], '综合·人脸比中', 'Dashboard · face hits'),
  'dash.cityEvents': el(['city-events'], '综合·城管事件', 'Dashboard · city events'),
  'dash.units': el(['units'], '综合·警力状态', 'Dashboard · police strength'),
  'dash.drainage': el(['drainage'], '综合·排水监测', 'Dashboard · drainage'),
  // Flood watch: the sensor list and the focus chart; each sensor's own 迟报 is separate (late.ts).
  'drainage.sensors': el(['drainage'], '排水·监测点', 'Drainage · sensors'),
  'drainage.focus': el(['drainage'], '排水·水位曲线', 'Drainage · level chart'),
  // Console panels.
  'console.queue': el(['alarms'], '坐席·告警队列', 'Console · alarm queue'),
  'console.detail': el(['alarms', 'incidents', 'units'], '坐席·详情', 'Console · detail'),
  'console.side': el(['city-events'], '坐席·城管事件', 'Console · city events'),
} as const satisfies Record<string, ElementContract>;

export type ElementId = keyof typeof ELEMENTS;

export const ELEMENT_IDS = Object.keys(ELEMENTS) as ElementId[];

export function isElementId(v: string): v is ElementId {
  return Object.prototype.hasOwnProperty.call(ELEMENTS, v);
}

/**
 * A drainage sensor reports on its own interval (`intervalS`, typically 60 s) to the backend;
 * it is late (迟报, grey and hatched) after this many intervals without a report. That is the
 * sensor's lateness at its source, judged in the backend's clock; the element marks above
 * are this window's link to the backend.
 */
export const SENSOR_LATE_INTERVALS = 2;
