/**
 * Cytoscape with the fcose and dagre layouts, registered once (main thread and layout worker alike).
 *
 * CSP: Cytoscape injects `<style id="__________cytoscape_stylesheet">` to give its container
 * `position: relative`; under `style-src` without 'unsafe-inline' that is a CSP violation. It skips the
 * injection when an element with that id already exists, so we create an inert placeholder first and set
 * `position: relative` on our container in app.css instead (see the reference notes, C3; cytoscape PR #2318).
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import dagre from 'cytoscape-dagre';

let done = false;

export function setupCytoscape(): typeof cytoscape {
  if (done) return cytoscape;
  done = true;
  cytoscape.use(fcose);
  cytoscape.use(dagre);
  if (typeof document !== 'undefined' && !document.getElementById('__________cytoscape_stylesheet')) {
    const placeholder = document.createElement('meta');
    placeholder.id = '__________cytoscape_stylesheet';
    placeholder.setAttribute('name', 'cytoscape-style-placeholder');
    document.head.appendChild(placeholder);
  }
  return cytoscape;
}
