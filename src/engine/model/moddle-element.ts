/** A bpmn-moddle element as read from the XML: `$type` plus the BPMN/zeebe properties. */
export interface ModdleElement {
  readonly $type: string;
  readonly id?: string;
  readonly [key: string]: any;
}
