/// <reference types="vite/client" />
declare module 'bpmn-js/lib/NavigatedViewer';
declare module 'bpmn-js/lib/Modeler';
declare module 'bpmn-js-properties-panel';
declare module 'zeebe-bpmn-moddle/resources/zeebe.json';
