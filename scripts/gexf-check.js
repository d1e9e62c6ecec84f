// Parse a GEXF file with graphology-gexf (the parser of Gephi Lite) and show one node.
// usage: NODE_PATH=... node scripts/gexf-check.js out/graph.gexf [LABEL]
// needs: npm install graphology graphology-gexf @xmldom/xmldom
const fs = require('fs');
const {DOMParser} = require('@xmldom/xmldom');
global.DOMParser = DOMParser;
const Graph = require('graphology');
const gexf = require('graphology-gexf');

const graph = gexf.parse(Graph, fs.readFileSync(process.argv[2], 'utf8'));
console.log(`graphology-gexf: ${graph.order} nodes, ${graph.size} edges`);
const wanted = process.argv[3] || '张良';
const node = graph.findNode((key, attrs) => attrs.label === wanted);
if (node !== undefined) console.log(JSON.stringify(graph.getNodeAttributes(node)));
